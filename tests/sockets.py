"""Socket helpers for the tests that stream a request body to a live server."""

import select
import socket


def answered(sock: socket.socket) -> bool:
    """Whether the server has written anything yet. poll, not select: late in a long test run the socket's file
    descriptor can be above select's limit of 1024 ("filedescriptor out of range in select()")."""
    poller = select.poll()
    poller.register(sock, select.POLLIN)
    return bool(poller.poll(0))
