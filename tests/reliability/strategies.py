"""Hypothesis strategies: Markdown that looks like a plan, with hostile text in it (mutations.py: the corpus).

A document is drawn as bytes. `markdownish` assembles lines from the pieces
real plans and hostile authors use (headings with every marker and id
shape, fields, list items, fences, tables, quotes, injection strings), with
per-line endings, an optional BOM and final newline.
"""

from __future__ import annotations

from hypothesis import strategies as st

BOM = b"\xef\xbb\xbf"
HOSTILE = (
    "$(touch PWNED)",
    "`touch PWNED`",
    "; touch PWNED;",
    "| touch PWNED",
    "Batch 1.*",
    "Task (a|b)",
    "[^]]+\\1(?P<x>)",
    "\\",
    "**",
    "```",
    "~~~",
    "<script>",
    "\u202e\u200b\ufeff",
)
MARKERS = (
    "",
    " ✅ COMPLETE",
    " ⏸️ PENDING",
    " 🔄 IN PROGRESS",
    " 🔄 IN PROGRESS - Assigned to backend-developer",
    " 🔄 IMPLEMENTED",
    " - COMPLETE",
    " -- COMPLETE",
    " ‚úÖ COMPLETE",
    " üîÑ IN PROGRESS",
    " ❌ FAILED - it broke",
    " [PENDING]",
    " (COMPLETE)",
    " 🚫 BLOCKED",
    " ⏭️ SKIPPED",
    " N/A",
    " COMPLETE - Verified & Committed: abc1234",
    " ✅",
    " DONE",
    " (IMPLEMENTED)",
    " (In Progress) - Assigned to frontend-developer",
    " (in progress) (P1)",
    " - Completed by backend-developer agent",
    " - Blocked on the API keys",
    " — completed successfully",
)
FIELD_NAMES = (
    "Status",
    "Assigned To",
    "Developer",
    "Dependencies",
    "Git Commit",
    "Commit",
    "Commits",
    "Commit SHA",
    "File(s)",
    "Files",
    "File",
    "Tasks in Batch",
    "Failure Note",
    "Expected Commit Pattern",
)
FIELD_VALUES = (
    "",
    "None",
    "Batch 1",
    "Batches 1-2",
    "backend-developer",
    "COMPLETE",
    "✅ COMPLETE",
    "IN PROGRESS",
    "`2d689c4` - feat(x): batch 1 - core",
    "abc1234, 1cc81bc",
    "`lib/a.py` **[NEW]**",
    "`../../etc/passwd`",
    "/etc/passwd",
    "~/.ssh/id_rsa",
    "D:\\projects\\repo\\lib\\a.py (MODIFY)",
    "file:///d:/projects/repo/lib/b.py",
    "N/A",
    "1/3 batches complete",
)
OTHER_LINES = (
    "",
    "",
    "---",
    "===",
    "```",
    "```python",
    "~~~",
    "    indented code",
    "\t## Batch 9: in a tab",
    "| Task | Description | Status |",
    "| ---- | ----------- | ------ |",
    "| 1.1 | Do it | ✅ |",
    "> **Git Commit**: abcdef1",
    "<!-- ## Batch 8: in a comment -->",
    "<details>",
    "- [ ] **Status**: PENDING",
    "**Total Tasks**: 3 | **Total Batches**: 2 | **Status**: 0/2 batches complete",
)

text = st.text(st.characters(codec="utf-8", exclude_characters="\x00\r\n"), max_size=30)
words = text | st.sampled_from(HOSTILE)
ids = st.from_regex(r"\A[0-9]{1,2}[a-c]?(\.[0-9]{1,2})?\Z") | st.sampled_from(["A", "B", "1.*", "(a|b)", "$(x)"])


@st.composite
def heading(draw: st.DrawFn) -> str:
    """`## Batch 2a: title ✅ COMPLETE` and every shape around it."""
    level = "#" * draw(st.integers(1, 6))
    kind = draw(st.sampled_from(["Batch ", "Task ", "TASK-", "T", "**Batch ", "Phase "]))
    separator = draw(st.sampled_from([": ", " - ", " — ", " (", "", ":"]))
    return f"{level} {kind}{draw(ids)}{separator}{draw(words)}{draw(st.sampled_from(MARKERS))}"


@st.composite
def field_line(draw: st.DrawFn) -> str:
    """`**Name**: value`, `- **Name:** value`, indented, with hostile values."""
    lead = draw(st.sampled_from(["", "- ", "  ", "  - ", "* "]))
    name = draw(st.sampled_from(FIELD_NAMES) | words)
    colon = draw(st.sampled_from(["**:", ":**", "**"]))
    value = draw(st.sampled_from(FIELD_VALUES) | words)
    return f"{lead}**{name}{colon} {value}".rstrip(" ") + draw(st.sampled_from(["", "", "  "]))


@st.composite
def list_item(draw: st.DrawFn) -> str:
    """A list item at some depth (up to 40 levels), maybe naming a file."""
    depth = draw(st.integers(0, 40))
    bullet = draw(st.sampled_from(["- ", "* ", "1. ", "+ "]))
    body = draw(st.sampled_from(FIELD_VALUES) | words)
    return "  " * depth + bullet + body


line = st.one_of(heading(), field_line(), list_item(), st.sampled_from(OTHER_LINES), words)
endings = st.sampled_from(["\n", "\n", "\r\n", "\r"])


@st.composite
def markdownish(draw: st.DrawFn, max_lines: int = 60) -> bytes:
    """A plan-like document as bytes (valid UTF-8, no NUL)."""
    lines = draw(st.lists(line, max_size=max_lines))
    uniform = draw(st.booleans())
    ending = draw(endings)
    parts = [text_line + (ending if uniform else draw(endings)) for text_line in lines]
    if parts and not draw(st.booleans()):
        parts[-1] = lines[-1]  # no newline at end of file
    return (BOM if draw(st.booleans()) else b"") + "".join(parts).encode("utf-8")


@st.composite
def plan_like(draw: st.DrawFn) -> bytes:
    """`markdownish` with at least one well-formed batch heading and task heading placed somewhere in it."""
    data = draw(markdownish(max_lines=40))
    bom = BOM if data.startswith(BOM) else b""
    lines = data.removeprefix(BOM).splitlines(keepends=True)
    for wanted in ("## Batch 1: Core{}\n", "### Task 1.1: Types{}\n"):
        marker = draw(st.sampled_from(MARKERS))
        lines.insert(draw(st.integers(0, len(lines))), wanted.format(marker).encode("utf-8"))
    return bom + b"".join(lines)


def is_good_text(data: bytes) -> bool:
    """Bytes the reader must accept: anything without NUL (bytes that are not UTF-8 read as U+FFFD)."""
    return b"\x00" not in data


def is_utf8(data: bytes) -> bool:
    """UTF-8 text after an optional BOM: no reader warning about encoding expected."""
    try:
        data.removeprefix(BOM).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
