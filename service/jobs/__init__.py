"""Long work off the request path: the task queue (huey on SQLite), the worker, the job kinds.

The decision store's `jobs` table holds each job's status, progress, result or error; the
queue only carries job ids to the worker (`python -m service.jobs`). docs/jobs.md.
"""
