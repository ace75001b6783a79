"""Run a notebook top to bottom in the Python that runs the exporter."""

import sys
import tempfile
from pathlib import Path

from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient.exceptions import CellExecutionError
from nbconvert.filters import strip_ansi
from nbconvert.preprocessors import ExecutePreprocessor
from nbconvert.preprocessors import CoalesceStreamsPreprocessor

from sitegen.errors import ExportError

TIMEOUT_SECONDS = 600


class CurrentPythonKernelSpecs(KernelSpecManager):
    """Always start ipykernel with this interpreter.

    The stock "python3" kernel spec runs whatever `python` is first on PATH,
    which need not be the project's virtualenv (nbval's --nbval-current-env
    makes the same choice for the tests).
    """

    def get_kernel_spec(self, kernel_name):
        return KernelSpec(
            argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            display_name="Python 3",
            language="python",
        )


def execute_notebook(notebook, path):
    """Execute in place; cells tagged raises-exception may raise, others may not."""
    preprocessor = ExecutePreprocessor(
        timeout=TIMEOUT_SECONDS,
        allow_errors=False,
        record_timing=False,  # timestamps would change the stored notebook on every run
    )
    # Local sockets, not TCP: nothing else can listen in, and the kernel has no
    # cause to warn about unencrypted TCP in the middle of `make posts`.
    with tempfile.TemporaryDirectory(prefix="sitegen-kernel-") as sockets:
        kernel = KernelManager(kernel_spec_manager=CurrentPythonKernelSpecs(), kernel_name="python3",
                               transport="ipc", ip=str(Path(sockets) / "kernel"))
        _run(preprocessor, kernel, notebook, path)
    # Where a stream breaks into outputs depends on timing: store one output
    # per stream, so the saved notebook and the post are the same on every run.
    CoalesceStreamsPreprocessor().preprocess(notebook, {})


def _run(preprocessor, kernel, notebook, path):
    try:
        preprocessor.preprocess(notebook, {"metadata": {"path": str(Path(path).parent)}}, km=kernel)
    except CellExecutionError as error:
        message = strip_ansi(str(error))
        raise ExportError(f"{path.name}: execution failed, not published\n{message}") from error
    finally:
        # A kernel manager passed in is not shut down by nbclient itself.
        if kernel.has_kernel:
            kernel.shutdown_kernel(now=True)
