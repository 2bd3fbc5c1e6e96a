"""The Pyodide tests need Node.js (20+) and the npm ``pyodide`` package (``make setup``)."""


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "node: runs the browser's Python (npm pyodide) under Node.js; needs `node` and `make setup`")
