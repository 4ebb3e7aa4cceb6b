"""Hand-written expectations, part 1: read off the Markdown of each corpus file, not off the parser."""

from __future__ import annotations

from tests.model.expect_types import B, Case

WI = "libs/backend/workspace-intelligence/src"
BE = "backend-developer"
FE = "frontend-developer"

CASE_015 = Case(
    "TASK_2025_015.md",
    (
        B("1", 11, "complete", None, BE, (), "1.1 1.2 1.3 1.4 1.5", "complete"),
        B("2", 383, "complete", None, BE, ("1",), "2.1 2.2 2.3 2.4 2.5 2.6 2.7 2.8", "complete"),
        B("3", 1222, "in_progress", None, BE, ("2",), " ".join(f"3.{n}" for n in range(1, 16)), "in_progress"),
        B("4", 2687, "complete", "0830a3e", BE, ("3",), ""),
        B("5", 2716, "complete", None, BE, ("4",), "5.1 5.2 5.3", "complete"),
    ),
    task_commits={
        "1.1": "9341732",
        "1.2": "369fbf3",
        "1.3": "65283a3",
        "1.4": "28af6c4",
        "1.5": "3c9c3bf",
        "2.1": None,
        "3.1": None,
        "5.1": "ee50adf",
        "5.2": "7d16cd0",
        "5.3": "6d361bb",
    },
    files={
        "1.1": ("package.json", "package-lock.json"),
        "1.2": ("libs/shared/src/lib/utils/result.ts",),
        "2.1": (f"{WI}/ast/ast.types.ts", f"{WI}/ast/ast-analysis.interfaces.ts", f"{WI}/ast/tree-sitter.config.ts"),
        "2.2": (f"{WI}/ast/tree-sitter-parser.service.ts",),
        "3.12": (),
        "3.14": ("apps/ptah-extension-vscode/src/commands/call-vscode-lm.command.ts",),
        "5.1": (f"{WI}/composite/workspace-analyzer.service.spec.ts",),
    },
    warnings=frozenset({"commit"}),
)

CASE_023 = Case(
    "TASK_2025_023.md",
    (
        B("1", 12, "pending", None, BE, (), "1.1 1.2 1.3 1.4 1.5", "complete"),
        B("2", 24, "pending", None, FE, (), "2.1 2.2 2.3 2.4", "complete"),
        B("3", 35, "pending", None, FE, (), "3.1 3.2 3.3 3.4 3.5 3.6 3.7 3.8 3.9", "complete"),
        B("4", 53, "pending", "c724a26", BE, (), "4.1 4.2 4.3", "complete"),
        B("5", 65, "pending", None, FE, (), "5.1 5.2 5.3 5.4 5.5 5.6 5.7 5.8", "complete"),
        B("6", 82, "pending", None, None, (), "6.1 6.2 6.3", "complete"),
        B("7", 121, "pending", None, None, (), "7.1 7.2 7.3 7.4 7.5 7.6", "complete"),
    ),
    task_assignees={"1.1": BE, "6.3": "senior-tester", "7.3": BE, "7.4": FE},
    titles={"batch 1": "Backend Purge", "batch 7": "Critical Bug Fixes (Post-Integration)"},
    warnings=frozenset({"no-status", "commit", "assignee"}),
)

AG = "libs/backend/agent-generation/src/lib/services"
CASE_064 = Case(
    "TASK_2025_064.md",
    (
        B("3A", 26, "complete", None, BE, ("1",), "3A.1 3A.2", "complete"),
        B("3B", 60, "complete", None, BE, ("1",), "3B.1 3B.2", "complete"),
        B("3C", 94, "pending", None, BE, ("1",), "3C.1 3C.2", "pending"),
        B("3D", 127, "pending", None, BE, ("1",), "3D.1 3D.2", "pending"),
        B("3E", 160, "implemented", None, BE, ("1",), "3E.1 3E.2", "implemented"),
    ),
    files={
        "3A.1": (f"{AG}/agent-selection.service.ts",),
        "3C.2": (f"{AG}/setup-wizard.service.spec.ts",),
        "3E.1": (f"{AG}/agent-customization.service.ts",),
    },
    titles={"batch 3A": "AgentSelectionService", "task 3E.2": "Write AgentCustomizationService tests"},
)

CH = "libs/frontend/chat/src/lib"
CASE_068 = Case(
    "TASK_2025_068.md",
    (
        B("1", 11, "complete", None, BE, (), "1.1 1.2 1.3", "complete"),
        B("2", 94, "complete", None, BE, ("1",), "2.1 2.2 2.3 2.4", "complete"),
        B("3", 203, "implemented", None, FE, ("1",), "3.1 3.2 3.3 3.4", "implemented"),
        B("4", 349, "implemented", None, FE, ("2", "3"), "4.1 4.2", "implemented"),
        B("5", 419, "complete", None, FE, ("3",), "5.1 5.2"),
        B("6", 491, "pending", None, None, ("1", "2", "3", "4", "5"), "6.1 6.2", "pending"),
    ),
    task_status={"5.1": "implemented", "5.2": "complete"},
    titles={
        "batch 3": "Frontend Tab Management + UI",
        "task 5.2": "Add backward compatibility for legacy placeholder IDs",
    },
    task_deps={"2.1": (), "2.2": ("2.1",), "4.2": ("3.4",), "5.2": ("4.2",)},
    files={
        "1.1": (f"{CH}/services/chat.types.ts",),
        "1.3": ("package.json",),
        "2.1": ("libs/backend/agent-sdk/src/lib/helpers/session-lifecycle-manager.ts",),
        "3.2": (f"{CH}/components/templates/app-shell.component.html",),
        "6.1": (
            f"{CH}/services/tab-manager.service.spec.ts",
            "libs/backend/agent-sdk/src/lib/helpers/session-lifecycle-manager.spec.ts",
        ),
        "6.2": ("libs/frontend/chat/README.md", "libs/backend/agent-sdk/README.md"),
    },
)

CASE_097 = Case(
    "TASK_2025_097.md",
    (
        B("1", 50, "complete", "82aa32b", FE, (), "1.1 1.2", "complete"),
        B("2", 116, "complete", "520f863", FE, ("1",), "2.1 2.2", "complete"),
        B("3", 227, "complete", "e0b8deb", FE, ("2",), "3.1 3.2 3.3 3.4", "complete"),
        B("4", 404, "complete", "4fdcbd4", BE, (), "4.1", "complete"),
        B("5", 479, "complete", "607e8cc", None, ("2",), "5.1 5.2 5.3 5.4 5.5", "complete"),
    ),
    subjects={"1": None},
    task_assignees={"1.1": FE, "4.1": BE, "5.1": BE, "5.2": BE, "5.3": FE},
    task_deps={"1.1": (), "1.2": ("1.1",), "3.4": ("3.3",), "5.5": ("5.4",)},
    files={
        "1.1": ("task-tracking/registry.md",),
        "1.2": ("task-tracking/TASK_2025_063/context.md",),
        "3.1": (f"{CH}/components/molecules/permission-badge.component.ts",),
        "5.1": ("libs/shared/src/lib/types/message.types.ts",),
    },
    actions={"1.1": ("modify",), "3.1": ("new",)},
    warnings=frozenset({"assignee"}),
)

CASE_117 = Case(
    "TASK_2025_117.md",
    (
        B("1", 42, "complete", "d49f61e", BE, (), "1.1 1.2 1.3", "complete"),
        B("2", 171, "complete", "b4a4db0", BE, ("1",), "2.1 2.2 2.3", "complete"),
        B("3", 302, "complete", "0f4af8d", FE, ("2",), "3.1 3.2 3.3", "complete"),
    ),
    files={
        "1.1": ("libs/backend/vscode-core/src/api-wrappers/webview-manager.ts",),
        "1.2": ("apps/ptah-extension-vscode/src/services/rpc/rpc-method-registration.service.ts",),
        "3.3": (f"{CH}/services/chat-store/streaming-handler.service.ts",),
    },
    titles={
        "batch 1": "Backend - Broadcast Infrastructure",
        "task 1.1": "Add `broadcastMessage()` method to WebviewManager",
        "task 3.2": "Verify VSCodeService broadcast event handling (Verification Task)",
    },
)

CASES_A = (CASE_015, CASE_023, CASE_064, CASE_068, CASE_097, CASE_117)
