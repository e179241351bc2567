"""A port in front of a real server that can be taken down and brought back, as when a database
server stops and starts: while down, connections are refused and the open ones are cut."""
from __future__ import annotations

import socket
import threading

from tests.conftest import free_port


class SwitchablePort:
    """``127.0.0.1:<port>`` forwarding every connection to ``host:port`` while :meth:`up`."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.port = free_port()
        self._running = threading.Event()
        self._accepting: threading.Thread | None = None
        self._open: list[socket.socket] = []

    def up(self) -> None:
        listener = socket.create_server(("127.0.0.1", self.port))
        listener.settimeout(0.05)  # so the accepting thread notices :meth:`down`
        self._running.set()
        self._accepting = threading.Thread(target=self._accept, args=(listener,), daemon=True)
        self._accepting.start()

    def down(self) -> None:
        self._running.clear()
        if self._accepting:
            self._accepting.join()  # the listening socket is closed: connecting is refused
        for connection in self._open:
            _close(connection)
        self._open.clear()

    def _accept(self, listener: socket.socket) -> None:
        with listener:
            while self._running.is_set():
                try:
                    client, _ = listener.accept()
                except TimeoutError:
                    continue
                client.settimeout(None)
                server = socket.create_connection(self.target)
                self._open += [client, server]
                for source, sink in ((client, server), (server, client)):
                    threading.Thread(target=_pump, args=(source, sink), daemon=True).start()


def _pump(source: socket.socket, sink: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        _close(sink)


def _close(connection: socket.socket) -> None:
    try:
        connection.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    connection.close()
