#!/usr/bin/env python3
"""Regenerates first_names.txt and last_names.txt from the PyPI package Faker (MIT).

    pip download --no-deps Faker==40.54.0 -d /tmp/faker
    python3 extract_faker.py /tmp/faker/faker-40.54.0-py3-none-any.whl

Reads faker/providers/person/sv_SE/__init__.py from the wheel without importing Faker, and
writes the names sorted (by code point, the order a Rust `str` sorts in) and de-duplicated.
"""
import ast
import sys
import zipfile

PERSON = "faker/providers/person/sv_SE/__init__.py"

HEADER = """# {what} from the PyPI package Faker {version}, faker/providers/person/sv_SE (MIT licence,
# Copyright (c) 2012 Daniele Faraglia). Faker's own sources: {source}.
# Regenerate with data/extract_faker.py. One name a line, sorted by code point, no duplicates.
"""


def lists(wheel):
    with zipfile.ZipFile(wheel) as z:
        src = z.read(PERSON).decode("utf-8")
        version = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
        version = version.split("-")[1].split(".dist")[0]
    out = {}
    for node in ast.walk(ast.parse(src)):
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name in ("first_names_female", "first_names_male", "last_names"):
                out[name] = [e.elts[0].value for e in node.value.args[0].elts]
    return version, out


def write(path, what, source, version, names):
    with open(path, "w", encoding="utf-8") as f:
        f.write(HEADER.format(what=what, source=source, version=version))
        for n in sorted(set(names)):
            f.write(n + "\n")


def main():
    version, out = lists(sys.argv[1])
    write(
        "first_names.txt",
        "Swedish first names (the 500 most common for women and for men, merged)",
        "Institutet för språk och folkminnen (Isof), name statistics 2023",
        version,
        out["first_names_female"] + out["first_names_male"],
    )
    write(
        "last_names.txt",
        "Swedish surnames (the 500 most common)",
        "Skatteverket, surname statistics 2025",
        version,
        out["last_names"],
    )


if __name__ == "__main__":
    main()
