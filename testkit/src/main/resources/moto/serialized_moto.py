"""moto's DynamoDB (and its Secrets Manager, for KBank's keys) on loopback, one request at a time.

moto's own server (moto_server) runs its app on a threaded server with no lock around a request, so two
conditional writes of the same item can both pass their condition. Here every request holds one lock from
the moment moto sees it until its whole answer is built: DynamoDB's per-item atomicity, and more.

Usage: python3 serialized_moto.py [PORT]   (0 or nothing: any free port). Prints "PORT <n>" once it
listens on 127.0.0.1; exits when its standard input closes (the JVM that started it is gone).
"""
import os
import sys
import threading

try:
    from moto.moto_server.werkzeug_app import create_backend_app
    from werkzeug.serving import WSGIRequestHandler, make_server
except ImportError as e:
    sys.stderr.write("moto is not installed for %s (%s): pip install 'moto[server]==5.2.1'\n" % (sys.executable, e))
    sys.exit(3)

LOCK = threading.Lock()
# Python's default 5 ms between thread switches hides a missing lock (16 racing writers, 150 rounds: no
# double winner); at 0.1 ms the unlocked server lets two win within 50 rounds. So the race test
# (MotoDynamoDbTest) would catch this lock gone.
sys.setswitchinterval(1e-4)
DYNAMODB = create_backend_app("dynamodb")
# Secrets Manager's JSON protocol names its API in X-Amz-Target as DynamoDB's does: one port serves both.
SECRETS_MANAGER = create_backend_app("secretsmanager")


def serialized(environ, start_response):
    target = environ.get("HTTP_X_AMZ_TARGET", "")
    app = SECRETS_MANAGER if target.startswith("secretsmanager.") else DYNAMODB
    with LOCK:
        return [b"".join(app(environ, start_response))]


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):
        pass


def exit_when_parent_goes():
    sys.stdin.buffer.read()
    os._exit(0)


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    try:
        server = make_server("127.0.0.1", port, serialized, threaded=True, request_handler=QuietHandler)
    except OSError as e:
        sys.stderr.write("cannot listen on 127.0.0.1:%d: %s\n" % (port, e))
        sys.exit(4)
    threading.Thread(target=exit_when_parent_goes, daemon=True).start()
    print("PORT %d" % server.server_port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
