"""jupyter_kernel_test's conformance suite: every message a front end exchanges with the
kernel, validated against the message schemas, with samples of this kernel's language."""
import jupyter_kernel_test as jkt


class TensorKernelTests(jkt.KernelTests):
    kernel_name = "tensorkernel"
    language_name = "python"
    file_extension = ".py"

    code_hello_world = 'print("hello, world")'

    completion_samples = [
        {"text": "pri", "matches": {"print"}},
        {"text": "ran", "matches": {"range"}},
        {"text": "enum", "matches": {"enumerate"}},
    ]
    complete_code_samples = ["1 + 1", "x = 5", "import torch", "print(1)\nprint(2)"]
    incomplete_code_samples = ["for i in range(3):", "def f(x):", "x = (1,"]
    invalid_code_samples = ["1 +* 2", "x = )"]

    code_generate_error = "undefined_name"

    code_execute_result = [
        {"code": "1 + 1", "result": "2"},
        {"code": "6 * 7", "result": "42"},
        {"code": "import torch\ntorch.tensor([1, 2])", "result": "tensor([1, 2])"},
    ]
    code_display_data = [
        {"code": "import torch\ndisplay(torch.tensor([1.0, 2.0]))", "mime": "text/plain"},
        {"code": "import torch\ndisplay(torch.tensor([1.0, 2.0]))", "mime": "text/html"},
        {"code": "import torch\ntorch.tensor([1.0, 2.0]).plot()", "mime": "image/svg+xml"},
        {"code": "import torch\ndisplay(torch.tensor([1.0, 2.0]), heatmap=True)",
         "mime": "image/png"},
    ]

    code_history_pattern = "6 * 7"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "print"


class TensorKernelStderrTests(jkt.KernelTests):
    """The language has no sys.stderr; what writes to stderr is the GPU transfer warning,
    checked on the emulated device (a 4 MiB .cpu() is above the 1 MiB threshold)."""

    kernel_name = "tensorkernel-emulated"
    code_stderr = 'import torch\nt = torch.zeros(1024 * 1024, device="cuda")\nc = t.cpu()'


class TensorKernelIopubWelcomeTests(jkt.IopubWelcomeTests):
    kernel_name = "tensorkernel"
    support_iopub_welcome = True
