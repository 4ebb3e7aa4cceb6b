"""Enough of bash's grammar to see which programs a command line runs and which files it redirects into.

`parse()` returns lists (joined by `&&`, `||`, `;`, `|`, `&`, newlines), `( ... )` groups and simple commands
with quotes removed. `$(...)`, backticks, `<(...)` and `>(...)` become nested scripts: bash runs them, even
inside double quotes. Here-document bodies are data, but an unquoted delimiter's body still runs its
substitutions. Nothing is expanded or run (`$VAR` stays as written); errors never raise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_META = " \t\n;&|()<>"
_BLANK = re.compile(r"(?:[ \t]+|\\\n|#[^\n]*)*")  # blanks, line continuations, a comment (at a word's start)
_FD = re.compile(r"[0-9]+|\{\w+\}")  # `2>file`, `{fd}>file`: a file descriptor, not an argument
_MAX_DEPTH = 48  # deeper nesting than this is not a real command line: stop, don't overflow
_OPERATOR = re.compile(r";;&|&>>|<<[<-]|&&|\|\||;;|;&|\|&|&>|<<|<[>&(]|>[>|&(]|[;|&<>()\n]")  # longest first
_WRITES, _FD_DUP = frozenset({">", ">>", ">|", "&>", "&>>", "<>"}), re.compile(r"[0-9]*-?")  # `2>&1`: no file
_CONNECTORS = {"|&": "|", ";;": ";", ";&": ";", ";;&": ";"}  # case terminators end a command like `;`
_ANSI = dict(zip("abeEfnrtv\\'\"?", "\a\b\x1b\x1b\f\n\r\t\v\\'\"?", strict=True))
_ANSI_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|[0-7]{1,3}|.)", re.DOTALL)


@dataclass(frozen=True)
class Word:
    """One shell word: `text` with quotes removed (substitutions kept as written), `raw` as typed."""

    text: str
    raw: str


@dataclass(frozen=True)
class Command:
    """A simple command, the scripts its substitutions run, and the here-documents/strings it reads."""

    words: tuple[Word, ...]
    substitutions: tuple[Script, ...] = ()
    stdin: tuple[str, ...] = ()
    writes: tuple[str, ...] = ()  # files its output redirections write (`> f`, `>> f`, `&> f`, `>| f`, `<> f`)


@dataclass(frozen=True)
class Group:
    """A `( ... )` subshell."""

    body: Script


# (connector before the node, node): the connector is "" (first), "&&", "||", ";", "|", "&" or "\n"
Script = tuple[tuple[str, Command | Group], ...]


def parse(text: str) -> tuple[Script, str | None]:
    """The script `text` runs, and the first syntax error (None when it parsed cleanly)."""
    parser = _Parser(text)
    try:
        return parser.script(""), parser.error
    except RecursionError:  # `${` and quotes nested hundreds deep: no real command line
        return (), "nesting too deep"


class _Builder:
    """A simple command being read (mutable until its list ends: here-documents arrive after it)."""

    def __init__(self) -> None:
        self.words: list[Word] = []
        self.subs: list[Script] = []
        self.stdin: list[str] = []  # here-documents and here-strings
        self.writes: list[str] = []  # output redirection targets

    def freeze(self) -> Command:
        return Command(tuple(self.words), tuple(self.subs), tuple(self.stdin), tuple(self.writes))


class _List:
    """The nodes of one list being read, plus `case ... esac` bookkeeping."""

    def __init__(self) -> None:
        self.nodes: list[tuple[str, _Builder | Group]] = []
        self.connector, self.case_depth = "", 0

    def add(self, node: _Builder | Group) -> _Builder:
        """Append `node` (unless it is an empty command) and return a fresh command to fill."""
        if isinstance(node, Group) or node.words or node.subs or node.stdin or node.writes:
            self.nodes.append((self.connector, node))
            self.connector = ""
        return _Builder()

    def freeze(self) -> Script:
        return tuple((c, n.freeze() if isinstance(n, _Builder) else n) for c, n in self.nodes)


class _Parser:
    def __init__(self, text: str, depth: int = 0) -> None:
        self.text, self.pos, self.depth = text, 0, depth
        self.error: str | None = None
        self.cur = _Builder()
        self.heredocs: list[tuple[str, bool, bool, _Builder]] = []  # delimiter, strip tabs, expand, owner

    def fail(self, message: str) -> None:
        if self.error is None and message:
            self.error = f"{message} (at offset {self.pos})"

    def at(self, prefix: str) -> bool:
        return self.text.startswith(prefix, self.pos)

    def script(self, closer: str) -> Script:
        """Read a list up to `closer` (")" for a group or `$(`, "" for the end of the text)."""
        if self.depth >= _MAX_DEPTH:
            self.fail("nesting too deep")
            self.pos = len(self.text)
            return ()
        outer, lst = self.cur, _List()
        self.cur, self.depth = _Builder(), self.depth + 1
        while self.step(lst, closer):
            pass
        lst.add(self.cur)
        self.cur, self.depth = outer, self.depth - 1
        return lst.freeze()

    def step(self, lst: _List, closer: str) -> bool:
        """Read one token into `lst`; False once the list has ended."""
        self.blank()
        if self.pos >= len(self.text):
            if closer:
                self.fail(f"missing {closer!r}")
            return False
        op = match.group() if (match := _OPERATOR.match(self.text, self.pos)) else None
        self.pos += len(op or "")
        if op is None:
            self.add_word(lst)
        elif op == ")":
            return self.close_paren(lst, closer)
        elif op == "(":
            self.cur = lst.add(self.cur)
            self.cur = lst.add(Group(self.script(")")))
        elif op[0] in "<>" or op[:2] == "&>":
            self.redirect(op)
        else:
            self.cur = lst.add(self.cur)
            lst.connector = _CONNECTORS.get(op, op)
            if op == "\n":
                self.read_heredocs()
        return True

    def close_paren(self, lst: _List, closer: str) -> bool:
        if lst.case_depth:  # `pattern)` inside case: the pattern is not a command
            self.cur = _Builder()
        elif closer != ")":
            self.fail("unexpected ')'")
        return bool(lst.case_depth) or closer != ")"

    def add_word(self, lst: _List) -> None:
        word = self.word() or Word("", "")
        words = self.cur.words
        if self.text[self.pos : self.pos + 1] in ("<", ">") and _FD.fullmatch(word.raw):
            pass
        elif len(words) == 2 and words[0].raw == "case" and word.raw == "in":
            lst.case_depth += 1
            self.cur = _Builder()
        elif lst.case_depth and not words and word.raw == "esac":
            lst.case_depth -= 1
        else:
            self.cur.words.append(word)

    def redirect(self, op: str) -> None:
        if op in ("<(", ">("):  # process substitution: runs, and names a file
            start = self.pos - 2
            self.cur.subs.append(self.script(")"))
            self.cur.words.append(Word(self.text[start : self.pos], self.text[start : self.pos]))
            return
        self.blank()
        target = self.word()
        if target is None:  # `done < <(cmd)`: the next token is the target
            self.fail("" if self.at("<(") or self.at(">(") else f"missing target after {op!r}")
        elif op in ("<<", "<<-"):
            expand = not any(c in target.raw for c in "'\"\\")
            self.heredocs.append((target.text, op == "<<-", expand, self.cur))
        elif op == "<<<":
            self.cur.stdin.append(target.text)
        elif op in _WRITES or (op == ">&" and not _FD_DUP.fullmatch(target.text)):  # `>&file`: both streams
            self.cur.writes.append(target.text)

    def read_heredocs(self) -> None:
        pending, self.heredocs = self.heredocs, []
        for delimiter, strip, expand, owner in pending:  # each body ends at a line holding just its delimiter
            end = re.compile(("^\t*" if strip else "^") + re.escape(delimiter) + "$", re.M).search(self.text, self.pos)
            owner.stdin.append(self.text[self.pos : end.start() if end else len(self.text)].removesuffix("\n"))
            self.pos = min(end.end() + 1, len(self.text)) if end else len(self.text)
            if expand:  # an unquoted delimiter's body still runs its substitutions
                sub = _Parser(owner.stdin[-1], self.depth + 1)
                sub.dquote("")
                owner.subs.extend(sub.cur.subs)

    def blank(self) -> None:
        match = _BLANK.match(self.text, self.pos)
        self.pos = match.end() if match else self.pos

    def word(self) -> Word | None:
        start, parts = self.pos, []
        while self.pos < len(self.text) and self.text[self.pos] not in _META:
            parts.append(self.piece())
        return Word("".join(parts), self.text[start : self.pos]) if self.pos > start else None

    def piece(self) -> str:
        """Read one unit of a word and return its unquoted text."""
        c = self.text[self.pos]
        self.pos += 1
        if c == "\\":  # backslash-newline is a line continuation: nothing
            nxt = self.text[self.pos : self.pos + 1]
            self.pos += len(nxt)
            return "" if nxt == "\n" else nxt or "\\"
        if c == "'":
            return self.until("'", "single quote", escapes=False)
        if c == '"':
            return self.dquote('"')
        if c == "`":
            return self.backtick()
        return self.dollar(quoted=False) if c == "$" else c

    def dquote(self, end: str) -> str:
        """Read double-quoted text up to `end` ("" reads a here-document body to the end)."""
        out, escapable = [], ("$", "`", "\\", "\n", end) if end else ("$", "`", "\\", "\n")
        while self.pos < len(self.text) and not (end and self.at(end)):
            c, self.pos = self.text[self.pos], self.pos + 1
            if c == "\\" and self.text[self.pos : self.pos + 1] in escapable:
                out.append(self.text[self.pos].replace("\n", ""))
                self.pos += 1
            else:
                out.append(self.dollar(quoted=True) if c == "$" else self.backtick() if c == "`" else c)
        if end and self.pos >= len(self.text):
            self.fail("unterminated double quote")
        self.pos += len(end)
        return "".join(out)

    def dollar(self, quoted: bool) -> str:
        start = self.pos - 1  # called just past the `$`
        if self.at("(("):
            self.arithmetic()
        elif self.at("("):
            self.pos += 1
            self.cur.subs.append(self.script(")"))
        elif self.at("{"):  # `${x:-$(cmd)}` runs cmd: read it piece by piece
            self.pos, depth = self.pos + 1, 1
            while self.pos < len(self.text) and depth:
                depth += {"{": 1, "}": -1}.get(self.text[self.pos], 0)
                _ = self.piece() if depth else None
            if depth:
                self.fail("unterminated ${")
            self.pos += not depth
        elif self.at("'") and not quoted:
            self.pos += 1
            return _ANSI_ESCAPE.sub(_ansi, self.until("'", "$'"))
        elif self.at('"') and not quoted:
            self.pos += 1
            return self.dquote('"')
        return self.text[start : self.pos]

    def arithmetic(self) -> None:
        # `$((...))` is arithmetic, but bash falls back to a command substitution when it is not:
        # parse the body as commands too, so `$((git commit -n))` cannot hide.
        self.pos, depth = self.pos + 2, 2
        start = self.pos
        while self.pos < len(self.text) and depth:
            depth += {"(": 1, ")": -1}.get(self.text[self.pos], 0)
            self.pos += 1
        if depth:
            self.fail("unterminated $((")
        self.cur.subs.append(_Parser(self.text[start : self.pos - 2], self.depth + 1).script(""))

    def backtick(self) -> str:
        start = self.pos - 1
        body = self.until("`", "backquote")
        body = re.sub(r"\\([\\`$])", r"\1", body)  # inside backquotes, \\ \` \$ are escapes
        sub = _Parser(body, self.depth + 1)
        self.cur.subs.append(sub.script(""))
        if sub.error:
            self.fail(f"in backquotes: {sub.error}")
        return self.text[start : self.pos]

    def until(self, close: str, what: str, escapes: bool = True) -> str:
        """Skip past the next `close` (unescaped, when `escapes`), returning the text before it."""
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] != close:
            self.pos += 2 if escapes and self.text[self.pos] == "\\" else 1
        body = self.text[start : self.pos]
        if self.pos >= len(self.text):
            self.fail(f"unterminated {what}")
        self.pos = min(self.pos + 1, len(self.text))
        return body


def _ansi(match: re.Match[str]) -> str:
    """One `$'...'` escape, so `$'\\x2dn'` is seen as `-n`."""
    code, hexadecimal = match.group(1), match.group(1)[0] in "xuU"
    if code[0] in "01234567" or (hexadecimal and len(code) > 1):
        number = int(code[1:], 16) if hexadecimal else int(code, 8)
        return chr(number) if number < 0x110000 else ""  # beyond U+10FFFF: nothing bash could print either
    return _ANSI.get(code, match.group(0))
