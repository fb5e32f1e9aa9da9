"""wrk's report as the load scripts read it (intake-load.sh and welcome-load.sh): rate, requests, latency, errors."""
import re


class WrkReport:
    def __init__(self, path):
        self.text = open(path).read()
        self.rate = float(re.search(r'Requests/sec:\s+([\d.]+)', self.text).group(1))
        self.requests = int(re.search(r'(\d+) requests in', self.text).group(1))
        bad = re.search(r'Non-2xx or 3xx responses: (\d+)', self.text)
        self.not_2xx = int(bad.group(1)) if bad else 0
        errors = re.search(r'Socket errors: (.*)', self.text)
        self.socket_errors = errors.group(1) if errors else ''

    def latency(self, percent):
        """The latency percentile wrk printed (--latency), in milliseconds; NaN when it did not."""
        m = re.search(rf'^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$', self.text, re.M)
        return float(m.group(1)) * {'us': 0.001, 'ms': 1, 's': 1000}[m.group(2)] if m else float('nan')
