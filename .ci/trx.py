#!/usr/bin/env python3
"""Reads the TRX files `dotnet test --logger trx` wrote into a folder: CI counts results from them, not from console text.

trx.py count DIR          prints "PASSED FAILED" over every .trx in DIR (tests that did not run count as failed)
trx.py messages DIR       prints each failed test as "NAME<TAB>first line of its message"
trx.py junit FILE         prints "PASSED FAILED" from a JUnit XML file (node --test's junit reporter: the browser tests)
"""
import glob
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}


def results(folder):
    files = sorted(glob.glob(f"{folder}/**/*.trx", recursive=True))
    if not files:
        sys.exit(f"trx.py: no .trx file in {folder}")
    for path in files:
        for r in ET.parse(path).getroot().iterfind(".//t:UnitTestResult", NS):
            message = r.find("t:Output/t:ErrorInfo/t:Message", NS)
            yield r.get("testName"), r.get("outcome"), (message.text or "").strip() if message is not None else ""


def main(command, folder):
    if command == "count":
        outcomes = [o for _, o, _ in results(folder)]
        passed = outcomes.count("Passed")
        print(passed, len(outcomes) - passed)
    elif command == "junit":
        cases = list(ET.parse(folder).getroot().iter("testcase"))
        failed = sum(1 for c in cases if c.find("failure") is not None or c.find("error") is not None or c.find("skipped") is not None)
        if not cases:
            sys.exit(f"trx.py: no test case in {folder}")
        print(len(cases) - failed, failed)
    elif command == "messages":
        for name, outcome, message in results(folder):
            if outcome != "Passed":
                print(f"{name}\t{message.splitlines()[0] if message else ''}")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
