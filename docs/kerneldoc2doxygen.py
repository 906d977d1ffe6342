#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Doxygen INPUT_FILTER: read a public header in the house style and print
it as Doxygen expects, line for line (line numbers in warnings stay true).

The headers follow the kernel-doc habit of the code they are modelled on:
"/** name() - summary", "@param: text", and the Context:/Ordering:/
Ownership:/Return: sections; short "/* ... */" comments document structs,
fields, macros and enumerators.  Rather than write every comment twice,
the filter translates:

  - the first block comment after the SPDX line becomes the file's
    description (@file);
  - any other comment that starts a line, or trails a declaration on its
    line, becomes a doc comment for what it precedes or trails;
  - "name() - ", "struct name - " at the start of a doc comment is dropped
    (Doxygen knows the name);
  - "@name:" becomes "@param name", an inline "@name" becomes "@p name";
  - a comment heading a run of #defines or declarations (no blank line
    between) documents each of them;
  - "Return:" becomes "@return", "Context:" "@kcontext" and so on (aliases
    in the Doxyfile for "@par Context:" and a line break).

A comment inside a function body or a macro value is left alone.
"""
import re
import sys

SECTIONS = ("Context", "Ordering", "Ownership", "Locking", "Note")
FIRST = re.compile(
    r"^(\s*\*\s*)(?:(?:struct|enum|union)\s+\w+|\w+\(\))\s+-\s+")
PARAM = re.compile(r"(^|[\s;(,])@(\w+):")
INLINE = re.compile(r"(^|[^\w@])@(\w+)\b")
SECTION = re.compile(r"^(\s*\*\s*)(%s):" % "|".join(SECTIONS))
RETURN = re.compile(r"^(\s*\*\s*)Returns?:")


def doc_line(line, first):
    """Translate one line inside a doc comment."""
    if first:
        line = FIRST.sub(r"\1", line)
        line = re.sub(r"^(\s*/\*\*\s*)(?:(?:struct|enum|union)\s+\w+|"
                      r"\w+\(\))\s+-\s+", r"\1", line)
    if re.match(r"^\s*\*\s*Returns?:\s*(nothing|none)\b", line):
        line = RETURN.sub(r"\1@kreturn ", line)
    line = RETURN.sub(r"\1@return ", line)
    line = SECTION.sub(lambda m: m.group(1) + "@k" + m.group(2).lower() +
                       " ", line, count=1)
    line = PARAM.sub(r"\1@param \2", line)
    line = INLINE.sub(r"\1@p \2", line)
    # "@param x" keeps its own name; undo a "@p" put in front of it.
    line = line.replace("@param @p ", "@param ")
    line = line.replace("@p param ", "@param ")
    line = line.replace("@p return", "@return")
    line = line.replace("@p kreturn", "@kreturn")
    line = re.sub(r"@p k(%s) " % "|".join(s.lower() for s in SECTIONS),
                  r"@k\1 ", line)
    line = line.replace("@p p ", "@p ")
    return line


def group_runs(lines):
    """A comment heading two or more #defines, or two or more declarations,
    with no blank line between them documents each of them: open a member
    group on the comment's first line and close it on the line after the
    run (DISTRIBUTE_GROUP_DOC does the rest)."""
    i = 0
    while i < len(lines):
        if not re.match(r"^/\*\*?(?![*@-]|\s*[-@])", lines[i]):
            i += 1
            continue
        end = i
        while "*/" not in lines[end]:
            end += 1
        j = end + 1
        while j < len(lines) and lines[j].strip():
            j += 1
        run = lines[end + 1:j]
        text = " ".join(run)
        defines = sum(1 for r in run if r.startswith("#define"))
        decls = sum(1 for r in run if r.rstrip().endswith(";"))
        only_defines = all(r.startswith("#define") or
                           run[k - 1].rstrip().endswith("\\")
                           for k, r in enumerate(run))
        if (only_defines and defines >= 2) or \
                (decls >= 2 and "{" not in text and "/*" not in text and
                 not text.startswith("#")):
            lines[i] = "/** @{ */ " + lines[i]
            # after the run: a comment on a #define line would be part
            # of the macro's value
            if j < len(lines):
                lines[j] = "/** @} */ " + lines[j]
            else:
                lines.append("/** @} */")
        i = max(j, end) + 1
    return lines


def main(path):
    with open(path, encoding="utf-8") as f:
        lines = group_runs(f.read().split("\n"))
    out = []
    in_doc = False      # inside a comment we turned into (or found as) docs
    in_plain = False    # inside a comment we leave alone
    first_line = False
    seen_file = False
    seen_code = False
    depth = 0           # brace depth outside struct/enum/union bodies
    in_macro = False
    for i, line in enumerate(lines):
        if in_doc or in_plain:
            if in_doc:
                line = doc_line(line, first_line)
                first_line = False
            if "*/" in line:
                in_doc = in_plain = False
            out.append(line)
            continue
        stripped = line.strip()
        cont = in_macro
        in_macro = line.rstrip().endswith("\\")
        if i == 0 and "SPDX" in line:
            out.append(line)
            continue
        m = re.match(r"^(\s*)(?:/\*\* @\{ \*/ )?/\*(\*?)(?!\*)", line)
        if m and not cont and depth == 0:
            make_file = not seen_file and not seen_code and not m.group(2)
            if make_file:
                seen_file = True
                line = line.replace("/*", "/**", 1)
            elif not m.group(2):
                k = line.find("/*", m.end() - 2)
                line = line[:k] + "/**" + line[k + 2:]
            # a rule line ("/* ---- Title ---- */") is a heading, not docs
            if re.match(r"^\s*/\*\*\s*-{2,}", line):
                line = line.replace("/**", "/*", 1)
                in_plain = "*/" not in line
                out.append(line)
                continue
            first_line = True
            line = doc_line(line, True)
            if make_file:
                line = line.replace("/**", "/** @file", 1)
            first_line = True
            if "*/" not in line[m.end():]:
                in_doc = True
            else:
                first_line = False
            out.append(line)
            continue
        if stripped and not stripped.startswith("#") and not cont:
            seen_code = True
        elif stripped.startswith("#define") or stripped.startswith("#if"):
            pass
        # a trailing comment documents the declaration on its line
        t = re.search(r"[;,{]\s*/\*(?!\*)|^\s*#define\s+\w+.*\S\s+/\*(?!\*)",
                      line)
        if t and depth == 0 or (t and line.rstrip().endswith("*/")):
            pos = line.find("/*", t.start())
            line = line[:pos] + "/**<" + INLINE.sub(r"\1@p \2",
                                                   line[pos + 2:])
        # track function bodies (static inline) so their comments stay
        if re.match(r'^\s*extern\s+"C"', line):
            out.append(line)
            continue
        opens = line.count("{")
        closes = line.count("}")
        if re.match(r"^\s*(typedef\s+)?(struct|enum|union)\b", line) or \
                (depth == 0 and re.search(r"=\s*\{", line)):
            pass
        elif depth or (opens and not re.search(
                r"\b(struct|enum|union)\b[^;]*\{", line)):
            depth += opens - closes
        out.append(line)
    sys.stdout.write("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1])
