"""Runs a command and prints the peak resident set size of the child, in bytes (Linux ru_maxrss is KiB).

Usage: peak_rss.py command [arguments...]
Prints: "<exit code> <peak bytes>"
"""
import resource
import subprocess
import sys

completed = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
if completed.returncode != 0:
    sys.stderr.write(completed.stderr.decode(errors="replace")[-4000:])
print(completed.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024)
