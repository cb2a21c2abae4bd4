"""Credentials and HTTPS for --endpoint and push: Debian's nginx on loopback, with a certificate of a
throwaway CA made by openssl and HTTP Basic auth, as a reverse proxy in front of a real `oxigraph serve`."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from graph.query.endpoint import Endpoint, credentials, push
from graph.errors import UsageError
from tests.conftest import free_port
from tests.query.conftest import start_server
from tests.query.test_remote import oxigraph_binary

USER, PASSWORD = "reader", "s3cret pass"
QUERY = 'SELECT ?name WHERE { ?t schema:alternateName "Sky of Love" ; schema:name ?name }'

NGINX = """\
daemon off;
master_process off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    server_tokens off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    client_max_body_size 0;
    server {{
        listen 127.0.0.1:{port} ssl;
        ssl_certificate {tmp}/server.pem;
        ssl_certificate_key {tmp}/server.key;
        auth_basic "dramagraph test";
        auth_basic_user_file {tmp}/htpasswd;
        location / {{ proxy_pass http://127.0.0.1:{upstream}; }}
    }}
}}
"""


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def make_ca_and_certificate(tmp: Path) -> Path:
    """A throwaway CA (ca.pem) and a certificate for 127.0.0.1 and localhost signed by it."""
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    openssl("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj",
            "/CN=dramagraph test CA", "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=tmp)
    openssl("req", *ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1", cwd=tmp)
    (tmp / "ext.cnf").write_text("subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
                                 "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n"
                                 "authorityKeyIdentifier=keyid,issuer\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "server.pem", "-days", "2", "-extfile", "ext.cnf", cwd=tmp)
    return tmp / "ca.pem"


@pytest.fixture(scope="module")
def tls(tmp_path_factory):
    """(https base URL, CA file) of nginx with Basic auth in front of oxigraph serve holding the article."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.fail("Debian's nginx is missing: apt-get install nginx")
    tmp = tmp_path_factory.mktemp("tls")
    ca = make_ca_and_certificate(tmp)
    hashed = subprocess.run(["openssl", "passwd", "-5", PASSWORD], capture_output=True, text=True, check=True)
    (tmp / "htpasswd").write_text(f"{USER}:{hashed.stdout.strip()}\n")
    upstream, port = free_port(), free_port()
    oxigraph = start_server([oxigraph_binary(), "serve", "--location", str(tmp / "store"), "--bind",
                             f"127.0.0.1:{upstream}"], f"http://127.0.0.1:{upstream}/query?query=ASK%7B%7D")
    (tmp / "nginx.conf").write_text(NGINX.format(tmp=tmp, port=port, upstream=upstream))
    proxy = subprocess.Popen([nginx, "-p", str(tmp), "-e", str(tmp / "error.log"), "-c", str(tmp / "nginx.conf")],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    import socket
    import time

    deadline = time.monotonic() + 30
    while True:  # listening: the TLS port accepts connections
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if proxy.poll() is not None or time.monotonic() > deadline:
                proxy.kill()
                oxigraph.kill()
                pytest.fail(f"nginx did not start: {proxy.stderr.read().decode()[:500]}")
            time.sleep(0.05)
    yield f"https://127.0.0.1:{port}", ca
    for process in (proxy, oxigraph):
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def env(monkeypatch, tmp_path):
    """No credentials, CA or netrc from the person running the tests."""
    for name in ("DRAMAGRAPH_ENDPOINT_USER", "DRAMAGRAPH_ENDPOINT_PASSWORD", "DRAMAGRAPH_CA_BUNDLE", "SSL_CERT_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))
    return monkeypatch


@pytest.fixture(scope="module")
def pushed(tls, kg):
    base, ca = tls
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DRAMAGRAPH_ENDPOINT_USER", USER)
        mp.setenv("DRAMAGRAPH_ENDPOINT_PASSWORD", PASSWORD)
        mp.setenv("DRAMAGRAPH_CA_BUNDLE", str(ca))
        counts = push(kg, Endpoint(f"{base}/query"), chunk_triples=100)
    return base, ca, counts


def test_push_and_query_over_https_with_credentials_from_the_environment(pushed, env, cli):
    base, ca, counts = pushed
    assert counts == {"graphs": 163, "quads": 2086, "defaultGraphTriples": 1887, "graphStore": f"{base}/store", "unionGraph": None}
    env.setenv("DRAMAGRAPH_ENDPOINT_USER", USER)
    env.setenv("DRAMAGRAPH_ENDPOINT_PASSWORD", PASSWORD)
    env.setenv("DRAMAGRAPH_CA_BUNDLE", str(ca))
    code, out, err = cli("sparql", "--endpoint", f"{base}/query", "--format", "json", QUERY)
    assert (code, err) == (0, "1 row\n")
    assert json.loads(out)["results"]["bindings"] == [{"name": {"type": "literal", "value": "Koizora"}}]
    code, out, err = cli("sparql", "--endpoint", f"{base}/query", "--format", "json",
                         "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert json.loads(out)["results"]["bindings"][0]["n"]["value"] == "1887"


def test_credentials_from_netrc_matched_by_host(pushed, env, cli, tmp_path):
    base, ca, _ = pushed
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine example.org login someone password other\n"
                     f"machine 127.0.0.1 login {USER} password \"{PASSWORD}\"\n")
    netrc.chmod(0o600)
    env.setenv("NETRC", str(netrc))
    env.setenv("SSL_CERT_FILE", str(ca))  # OpenSSL's own variable works too
    assert credentials(f"{base}/query") == (USER, PASSWORD)
    assert credentials("https://example.org/sparql") == ("someone", "other")
    assert credentials("https://example.com/sparql") is None
    code, out, err = cli("sparql", "--endpoint", f"{base}/query", "--format", "json", QUERY)
    assert (code, err) == (0, "1 row\n")
    assert json.loads(out)["results"]["bindings"] == [{"name": {"type": "literal", "value": "Koizora"}}]


def test_wrong_password_is_one_line_401_exit_4(pushed, env, cli):
    base, ca, _ = pushed
    env.setenv("DRAMAGRAPH_ENDPOINT_USER", USER)
    env.setenv("DRAMAGRAPH_ENDPOINT_PASSWORD", "wrong")
    env.setenv("DRAMAGRAPH_CA_BUNDLE", str(ca))
    code, out, err = cli("sparql", "--endpoint", f"{base}/query", QUERY)
    assert (code, out) == (4, "")
    assert err == (f"dramagraph: error: {base}/query answered HTTP 401 Unauthorized: 401 Authorization Required "
                   f"nginx: the user name or password (from ~/.netrc, $NETRC or the environment) was refused\n")


def test_no_credentials_is_401_saying_where_to_put_them(pushed, env, cli):
    base, ca, _ = pushed
    env.setenv("DRAMAGRAPH_CA_BUNDLE", str(ca))
    code, out, err = cli("sparql", "--endpoint", f"{base}/query", QUERY)
    assert (code, out) == (4, "")
    assert err == (f"dramagraph: error: {base}/query answered HTTP 401 Unauthorized: 401 Authorization Required "
                   f"nginx: it needs credentials: put them in ~/.netrc (or the file $NETRC names) or "
                   f"DRAMAGRAPH_ENDPOINT_USER and DRAMAGRAPH_ENDPOINT_PASSWORD\n")


def test_an_untrusted_certificate_is_refused(pushed, env, cli):
    base, _, _ = pushed
    env.setenv("DRAMAGRAPH_ENDPOINT_USER", USER)
    env.setenv("DRAMAGRAPH_ENDPOINT_PASSWORD", PASSWORD)
    code, out, err = cli("sparql", "--endpoint", f"{base}/query", QUERY)
    assert (code, out) == (4, "")
    assert err == (f"dramagraph: error: cannot reach {base}/query: its certificate is not trusted "
                   f"(unable to get local issuer certificate); for a private CA set DRAMAGRAPH_CA_BUNDLE to "
                   f"its certificate file\n")


def test_a_missing_ca_bundle_is_an_input_error(env, cli, tmp_path):
    env.setenv("DRAMAGRAPH_CA_BUNDLE", str(tmp_path / "nope.pem"))
    code, out, err = cli("sparql", "--endpoint", "https://127.0.0.1:1/query", QUERY)
    assert (code, out, err) == (2, "", f"dramagraph: error: DRAMAGRAPH_CA_BUNDLE names {tmp_path / 'nope.pem'}, "
                                       f"which is not a file\n")


def test_credentials_in_the_url_are_refused_without_echoing_the_password(env, cli):
    code, out, err = cli("sparql", "--endpoint", "https://reader:hunter2@example.org/sparql", QUERY)
    assert (code, out) == (2, "")
    assert err == ("dramagraph: error: an endpoint URL must not hold credentials "
                   "(https://reader:***@example.org/sparql): put them in ~/.netrc (or the file $NETRC names) "
                   "or DRAMAGRAPH_ENDPOINT_USER and DRAMAGRAPH_ENDPOINT_PASSWORD\n")
    assert "hunter2" not in err
    with pytest.raises(UsageError, match=r"^a Graph Store URL must not hold credentials \(http://u:\*\*\*@h/store\)"):
        push(None, Endpoint("http://h/query"), "http://u:pw@h/store")


def test_half_given_credentials_are_a_usage_error(env):
    env.setenv("DRAMAGRAPH_ENDPOINT_USER", USER)
    with pytest.raises(UsageError, match="^set both DRAMAGRAPH_ENDPOINT_USER and DRAMAGRAPH_ENDPOINT_PASSWORD"):
        credentials("https://example.org/sparql")
