"""Attachment names from outside, for the security tests: the nasty table and a hypothesis
strategy over names, and what "safe" means for a file name on every system."""

from __future__ import annotations

import unicodedata

from hypothesis import strategies as st

from tiflux_desktop.domain.attachments import NAME_MAX_BYTES

# (what a sender gives, what should be left of it: the readable part and the extension).
NASTY_NAMES: list[tuple[str, str]] = [
    ("../../../../etc/passwd", "passwd"),
    ("..\\..\\Windows\\System32\\drivers\\etc\\hosts", "hosts"),
    ("/etc/shadow", "shadow"),
    ("C:\\Users\\Public\\boleto.pdf", "boleto.pdf"),
    ("\\\\server\\share\\contrato.docx", "contrato.docx"),
    ("..", "arquivo"),
    (".", "arquivo"),
    ("", "arquivo"),
    ("   ", "arquivo"),
    ("...", "arquivo"),
    (".bashrc", "bashrc"),
    ("foto.jpg.", "foto.jpg"),
    ("foto.jpg   ", "foto.jpg"),
    ("nota\x00fiscal.pdf", "nota_fiscal.pdf"),
    ("linha1\nlinha2.txt", "linha1_linha2.txt"),
    ("cr\rlf.txt", "cr_lf.txt"),
    ("tab\tbell\x07.txt", "tab_bell_.txt"),
    ("del\x7f.txt", "del_.txt"),
    ("fatura\u202efdp.exe", "faturafdp.exe"),  # shows as "fatura" + "exe.pdf" reversed
    ("zero\u200bwidth\ufeff.txt", "zerowidth.txt"),
    ("CON", "_CON"),
    ("con.txt", "_con.txt"),
    ("Prn.pdf", "_Prn.pdf"),
    ("aux", "_aux"),
    ("NUL.tar.gz", "_NUL.tar.gz"),
    ("nul .txt", "_nul .txt"),
    ("COM1", "_COM1"),
    ("com9.log", "_com9.log"),
    ("LPT1.doc", "_LPT1.doc"),
    ("lpt9", "_lpt9"),
    ("COM\u00b9.txt", "_COM\u00b9.txt"),
    ("CONOUT$", "_CONOUT$"),
    ("console.txt", "console.txt"),  # only the exact device names are reserved
    ('a<b>c:d"e|f?g*h.txt', "a_b_c_d_e_f_g_h.txt"),
    ("relatório de ação – março.pdf", "relatório de ação – março.pdf"),
    ("😀 foto.png", "😀 foto.png"),
    ("x" * 300 + ".pdf", "x" * (NAME_MAX_BYTES - 4) + ".pdf"),
    ("ç" * 200 + ".pdf", "ç" * ((NAME_MAX_BYTES - 4) // 2) + ".pdf"),
    ("😀" * 100 + ".jpeg", "😀" * ((NAME_MAX_BYTES - 5) // 4) + ".jpeg"),
    ("\ud800broken.txt", "broken.txt"),  # a lone surrogate (JSON allows "\ud800")
]

RESERVED_STEMS = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{d}{n}" for d in ("COM", "LPT") for n in "0123456789\u00b9\u00b2\u00b3"
}


def names() -> st.SearchStrategy[str]:
    """Any text, with path pieces, device names and invisible characters mixed in often."""
    pieces = st.sampled_from(
        [
            "/",
            "\\",
            "..",
            ".",
            " ",
            "\x00",
            "\n",
            "\u202e",
            "\u200b",
            "CON",
            "nul",
            "com1",
            ".pdf",
            ".exe",
            "C:",
            "~",
            "😀",
            "ação",
        ]
    )
    return st.lists(st.one_of(pieces, st.text(max_size=40)), max_size=12).map("".join) | st.text(
        min_size=200, max_size=400
    )


def assert_safe_name(name: str, max_bytes: int = NAME_MAX_BYTES) -> None:
    """What every system accepts as one file name in a folder, and shows as it is."""
    assert name, "empty"
    assert len(name.encode("utf-8")) <= max_bytes, len(name.encode("utf-8"))
    assert "/" not in name
    assert "\\" not in name
    assert not set(name) & set('<>:"|?*'), name
    for char in name:
        assert unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Zl", "Zp"), repr(char)
    assert name[0] not in ". ", repr(name)
    assert name[-1] not in ". ", repr(name)
    assert name.split(".", 1)[0].rstrip(" ").upper() not in RESERVED_STEMS, name
