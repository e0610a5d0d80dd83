"""The fidelity figure in the terminal summary, also under pytest-xdist (where a test's own print
from a worker does not reach the terminal). Loaded when tests/unit is given on the command line
(`make test-fast`); tests/conftest.py can import the hook for runs over all of tests/."""


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    ran_fidelity = any("test_fidelity.py" in getattr(report, "nodeid", "")
                       for reports in terminalreporter.stats.values() for report in reports)
    if not ran_fidelity:
        return
    from tests.unit.test_fidelity import fidelity_lines
    terminalreporter.section("fidelity to the source")
    for line in fidelity_lines():
        terminalreporter.write_line(line)
