"""Compiling a catalog (i18n.catalogs.compile_catalog) rewrites its ``.mo`` only when the
translations changed: every running process watches the file's date (i18n.reload) and drops its
translations and rendered pages when it moves, so a compile that changes nothing must not move it."""
from __future__ import annotations

import os
import shutil

import polib

from tests.conftest import REPO
from undersigned.i18n.catalogs import compile_catalog

A_DAY_AGO = 86_400


def scratch_catalog(tmp_path):
    po_path = tmp_path / "ru" / "LC_MESSAGES" / "messages.po"
    po_path.parent.mkdir(parents=True)
    shutil.copy(REPO / "translations" / "ru" / "LC_MESSAGES" / "messages.po", po_path)
    mo_path = compile_catalog(po_path)
    then = mo_path.stat().st_mtime - A_DAY_AGO
    os.utime(mo_path, (then, then))
    return po_path, mo_path, then


def test_compiling_an_unchanged_catalog_leaves_its_file_and_date(tmp_path):
    po_path, mo_path, then = scratch_catalog(tmp_path)
    before = mo_path.read_bytes()
    assert compile_catalog(po_path) == mo_path
    assert mo_path.stat().st_mtime == then and mo_path.read_bytes() == before


def test_compiling_a_changed_catalog_writes_the_new_translation(tmp_path):
    po_path, mo_path, then = scratch_catalog(tmp_path)
    po = polib.pofile(str(po_path))
    entry = next(entry for entry in po if entry.msgstr and not entry.msgid_plural)
    entry.msgstr = "Новый перевод"
    po.save(str(po_path))
    compile_catalog(po_path)
    assert mo_path.stat().st_mtime > then
    assert polib.mofile(str(mo_path)).find(entry.msgid).msgstr == "Новый перевод"
    assert not list(mo_path.parent.glob(".*.partial"))
