#!/usr/bin/env python3
"""Holds a trace explorer page's TCP header fields against tshark's reading of the same run's pcap.

Usage: tshark -r RUN.pcap -o tcp.relative_sequence_numbers:FALSE -T fields -e tcp.seq -e tcp.nxtseq -e tcp.ack
       -e tcp.hdr_len -e tcp.window_size_value -e tcp.checksum -e tcp.len -e tcp.urgent_pointer | explorer-fields.py PAGE

The page draws the two hosts that exchanged the most segments, the pcap holds every segment: each of the page's segments
must be, in order, one of tshark's lines (absolute numbers, so that no relative-numbering convention is compared).
Exit 1 names the first segment that is not."""
import json
import re
import sys

html = open(sys.argv[1], encoding="utf-8").read()
trace = json.loads(re.search(r"const TRACE = (\{.*\});\n", html).group(1))
tshark = [line.rstrip("\n") for line in sys.stdin if line.strip()]
position = 0
for index, step in enumerate(trace["steps"]):
    if step["kind"] != "segment":
        continue
    f = {name: (relative, absolute) for name, relative, absolute in step["fields"]}
    line = "\t".join(str(v) for v in [f["seq"][1], f["nextSeq"][1], f["ack"][1] if f["ack"][1] is not None else 0,
                                      f["headerLength"][0].split()[0], f["window"][0], f["checksum"][0], f["len"][0], f["urgent"][0]])
    while position < len(tshark) and tshark[position] != line:
        position += 1
    if position == len(tshark):
        sys.exit(f"{sys.argv[1]}: step {index + 1} ({step['label']}) shows {line!r}; tshark decodes no such segment after the previous one")
    position += 1
