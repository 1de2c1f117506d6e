# SPDX-License-Identifier: Apache-2.0
"""fcgi-turns.py PORT N: N FastCGI requests on one kept connection, each sent whole in one write and
answered before the next (as nginx sends them with fastcgi_keep_conn on); used by fcgi-switches.sh."""
import socket
import struct
import sys


def record(kind, rid, content):
    pad = (8 - len(content) % 8) % 8
    return struct.pack('>BBHHBB', 1, kind, rid, len(content), pad, 0) + content + b'\0' * pad


def pair(name, value):
    name, value = name.encode(), value.encode()
    size = lambda x: bytes([len(x)]) if len(x) < 128 else struct.pack('>I', len(x) | 0x80000000)
    return size(name) + size(value) + name + value


PARAMS = {'REQUEST_METHOD': 'GET', 'SCRIPT_NAME': '', 'PATH_INFO': '/plaintext', 'QUERY_STRING': '',
          'REQUEST_URI': '/plaintext', 'SERVER_NAME': 'localhost', 'SERVER_PORT': '8080',
          'SERVER_PROTOCOL': 'HTTP/1.1', 'REMOTE_ADDR': '127.0.0.1', 'REMOTE_PORT': '5555',
          'HTTP_HOST': 'localhost:8080'}
params = b''.join(pair(k, v) for k, v in PARAMS.items())
REQUEST = (record(1, 1, struct.pack('>HB5x', 1, 1)) + record(4, 1, params) + record(4, 1, b'')
           + record(5, 1, b''))

port, n = int(sys.argv[1]), int(sys.argv[2])
s = socket.create_connection(('127.0.0.1', port))
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
for i in range(n):
    s.sendall(REQUEST)
    answer = b''
    while len(answer) < 16 or answer[-15] != 3:  # the last record is END_REQUEST (16 bytes)
        data = s.recv(65536)
        if not data:
            sys.exit('the gateway closed the connection after %d requests' % i)
        answer += data
