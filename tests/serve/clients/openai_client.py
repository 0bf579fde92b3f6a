"""A client of `empower serve`'s OpenAI-compatible completions on Python's standard library only
(urllib), as a researcher's script would call it. Usage:
    python3 openai_client.py URL complete|stream|stream-first BODY_JSON
prints one JSON object: the response (complete), or for stream the text put together from the
events, how many there were (and how many carried text), whether [DONE] came, the finish_reason and
the empower extension; stream-first reads the first event, hangs up and prints it."""
import json
import socket
import sys
import urllib.request

url, mode, body = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
body["stream"] = mode.startswith("stream")
request = urllib.request.Request(url + "/v1/completions", data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"}, method="POST")
with urllib.request.urlopen(request, timeout=60) as response:
    if mode == "complete":
        print(json.dumps(json.load(response)))
        sys.exit(0)
    if mode == "stream-first":
        first = response.readline().decode("utf-8").rstrip("\r\n")
        response.fp.raw._sock.shutdown(socket.SHUT_RDWR)  # the reader gives up mid-stream
        print(json.dumps({"first": first}))
        sys.exit(0)
    text, events, text_events, done, finish, extension = "", 0, 0, False, None, None
    for raw in response:
        line = raw.decode("utf-8").rstrip("\r\n")
        if not line.startswith("data: "):
            continue
        data = line[len("data: "):]
        if data == "[DONE]":
            done = True
            break
        chunk = json.loads(data)
        events += 1
        choice = chunk["choices"][0]
        text += choice["text"]
        text_events += bool(choice["text"])
        finish = choice["finish_reason"] or finish
        extension = chunk.get("empower", extension)
    print(json.dumps({"text": text, "events": events, "text_events": text_events, "done": done, "finish_reason": finish, "empower": extension,
                      "content_type": response.headers.get("Content-Type")}))
