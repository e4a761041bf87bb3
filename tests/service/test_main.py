"""`make run` (python -m service) prints example calls that work when pasted."""

from __future__ import annotations

import json
import shlex
from urllib.parse import urlsplit

from service.__main__ import banner

URL = "http://127.0.0.1:8000"


def _replay(client, curl: str):
    """Send a printed curl command (headers, -d body, URL) through the test client."""
    words = shlex.split(curl)
    assert words[0] == "curl"
    headers, body, url, i = {}, None, None, 1
    while i < len(words):
        if words[i] in ("-H", "-d"):
            if words[i] == "-H":
                name, _, value = words[i + 1].partition(": ")
                headers[name] = value
            else:
                body = words[i + 1]
            i += 2
        else:
            url, i = words[i], i + 1
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == URL
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if body is None:
        return client.get(path, headers=headers)
    return client.post(path, data=body, headers=headers)


def test_the_printed_calls_work_when_pasted(client, trained, engine, token_config):
    config = {"TNA_API_TOKENS": token_config, "ARTIFACTS_DIR": str(trained.path.parent)}
    text = banner(config, URL)
    assert "<" not in text and ">" not in text  # no placeholder left to fill in
    calls = [line for line in text.splitlines() if line.startswith("curl ")]
    routes = {urlsplit(shlex.split(c)[-1]).path.split("/")[-1] for c in calls}
    assert routes == {"recommendations", "gaps", "participants", "score"}
    upcoming = set(engine.state.program_ids[engine.upcoming])
    for call in calls:
        response = _replay(client, call)
        assert response.status_code == 200, (call, response.get_json())
        body = response.get_json()
        if "items" in body:
            assert body["items"]
        if "results" in body:
            assert "error" not in body["results"][0]
            assert body["results"][0]["program_id"] in upcoming
        if "selected" in body:
            assert body["program_id"] in upcoming


def test_each_call_carries_a_token_whose_role_may_make_it(trained):
    """Planner and system tokens only (no admin): each route gets the one it accepts."""
    tokens = "p-token:planner,s-token:system"
    text = banner({"TNA_API_TOKENS": tokens, "ARTIFACTS_DIR": str(trained.path.parent)}, URL)
    calls = [shlex.split(line) for line in text.splitlines() if line.startswith("curl ")]
    for words in calls:
        expected = "s-token" if words[-1].endswith("/v1/score") else "p-token"
        assert f"Authorization: Bearer {expected}" in words
        if "-d" in words:
            json.loads(words[words.index("-d") + 1])


def test_without_a_bundle_it_says_to_train(tmp_path, token_config):
    text = banner({"TNA_API_TOKENS": token_config, "ARTIFACTS_DIR": str(tmp_path)}, URL)
    assert "make train" in text and "curl" not in text
