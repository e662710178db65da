"""inspect reads a manifest offline: nothing it names over HTTP is fetched, whatever the kind.

A local HTTP server on 127.0.0.1 records every request; manifests (and a QTI item) name it as an
external DTD, an external entity and an external parameter entity. inspect must refuse them as
xml-entity, unread, and the server must have seen no request (a fetch happens during the parse,
so by the time inspect returns any request has arrived).

The libxml2 in today's lxml wheels (2.14) has no HTTP client at all, so even a parser set to load
DTDs over the network cannot fetch here; this guards the promise against an lxml built otherwise
(a system libxml2, an older wheel), where no_network=True and load_dtd=False are what hold.
"""

from __future__ import annotations

import http.server
import io
import threading
from collections.abc import Iterator

import pytest
from inspect_packages import cmi5_files, qti21_files, scorm12_files, tincan_files, zip_bytes

from courseforge.inspect import inspect_package


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str]

    def do_GET(self) -> None:  # noqa: N802 - the http.server hook name
        self.requests.append(self.path)
        body = b'<!ENTITY fetched "yes">'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass  # keep pytest's output clean


@pytest.fixture(scope="module")
def recorder() -> Iterator[tuple[str, list[str]]]:
    """One server for the module; each test checks the requests made during its own inspect."""
    requests: list[str] = []
    handler = type("Handler", (_Recorder,), {"requests": requests})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", requests
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


DOCTYPES = {
    "external DTD": '<!DOCTYPE {root} SYSTEM "{url}/dtd">',
    "external entity": '<!DOCTYPE {root} [<!ENTITY e SYSTEM "{url}/entity">]>',
    "external parameter entity": '<!DOCTYPE {root} [<!ENTITY % p SYSTEM "{url}/param"> %p;]>',
}
# package kind → (its files, the file given the DOCTYPE, that file's root element)
KINDS = {
    "scorm12": (scorm12_files(), "imsmanifest.xml", "manifest"),
    "cmi5": (cmi5_files(), "cmi5.xml", "courseStructure"),
    "tincan": (tincan_files(), "tincan.xml", "tincan"),
    "qti21 item": (qti21_files(), "q/item1.xml", "assessmentItem"),
}


@pytest.mark.parametrize("doctype", DOCTYPES)
@pytest.mark.parametrize("kind", KINDS)
def test_nothing_a_manifest_names_over_http_is_fetched(recorder, kind, doctype):
    url, requests = recorder
    files, name, root = KINDS[kind]
    text = files[name].decode()
    declaration = DOCTYPES[doctype].format(root=root, url=url)
    files = {**files, name: text.replace("?>\n", f"?>\n{declaration}\n", 1).encode()}
    requests.clear()
    report = inspect_package(io.BytesIO(zip_bytes(files)), expect="any")
    assert [(p.rule, p.where) for p in report.problems] == [("xml-entity", name)]
    assert report.problems[0].message.startswith(f"{name} declares the entities ") or (
        report.problems[0].message.startswith(f"{name} names the external DTD '{url}/dtd'")
    )
    assert requests == []
