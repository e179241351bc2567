"""The reference: a minimal Flask "hello world" served under the same gunicorn settings as
Undersigned, so a figure reads as a fraction of what Flask itself does on this machine.

``GET /`` answers a short page; ``POST /`` reads a form (the bare form POST) and redirects."""
from __future__ import annotations

from flask import Flask, redirect, request

app = Flask(__name__)


@app.get("/")
def page() -> str:
    return "<!doctype html><title>Hello</title><p>Hello, world!</p>"


@app.post("/")
def form():
    return redirect(f"/?signed={len(request.form)}")
