"""Hand-written expectations, part 2: read off the Markdown of each corpus file, not off the parser."""

from __future__ import annotations

from tests.model.expect_types import B, Case

BE = "backend-developer"
FE = "frontend-developer"
AG = "libs/backend/agent-generation/src/lib/services/wizard"
SETUP = "apps/ptah-extension-vscode/src/services/rpc/handlers/setup-rpc.handlers.ts"
IQ = "libs/backend/agent-sdk/src/lib/internal-query"
CARD = "libs/frontend/chat/src/lib/components/molecules/agent-card"
SDK = "libs/backend/agent-sdk/src/lib"
CMP = "libs/frontend/chat/src/lib/components"

CASE_145 = Case(
    "TASK_2025_145.md",
    (
        B("1", 44, "complete", "57e0386", BE, (), "1.1 1.2 1.3", "complete"),
        B("2", 156, "complete", "48d83fa", BE, (), "2.1", "complete"),
        B("3", 205, "complete", "c2de068", BE, (), "3.1 3.2", "complete"),
        B("4", 286, "complete", "142c1e4", BE, ("1",), "4.1 4.2 4.3", "complete"),
        B("5", 415, "complete", "9c3716c", BE, ("2", "1"), "5.1 5.2 5.3 5.4 5.5 5.6", "complete"),
    ),
    task_status={"5.4": "skipped"},
    task_deps={"1.2": (), "1.3": ("1.2",)},
    files={
        "1.1": (f"{AG}/agentic-analysis.service.ts",),
        "1.3": (f"{AG}/analysis-schema.ts", f"{AG}/agentic-analysis.service.ts", SETUP),
        "4.1": (f"{AG}/agentic-analysis.service.ts", SETUP),
        "4.3": (
            f"{AG}/agentic-analysis.service.ts",
            SETUP,
            "libs/frontend/setup-wizard/src/lib/components/scan-progress.component.ts",
            "libs/frontend/setup-wizard/src/lib/services/wizard-rpc.service.ts",
        ),
        "5.4": (f"{IQ}/internal-query.service.ts",),
    },
    actions={"1.3": ("new", "modify", "modify")},
    titles={
        "batch 1": "Zod Schema Alignment + Normalization Layer",
        "task 5.4": "Remove redundant process.env type cast",
    },
)

CASE_164 = Case(
    "TASK_2025_164.md",
    (
        B("1", 5, "pending", None, BE, (), "1.1 1.2 1.3", "implemented"),
        B("2", 30, "pending", None, BE, (), "2.1 2.2 2.3", "implemented"),
    ),
    files={
        "1.1": (
            "libs/shared/src/lib/types/auth-env.types.ts",
            "libs/shared/src/index.ts",
            f"{SDK}/di/tokens.ts",
            f"{SDK}/di/register.ts",
        ),
        "1.2": (f"{SDK}/helpers/auth-manager.ts",),
        "2.3": (
            f"{SDK}/helpers/stream-transformer.ts",
            f"{SDK}/sdk-message-transformer.ts",
            f"{SDK}/helpers/history/session-replay.service.ts",
            f"{SDK}/session-history-reader.service.ts",
        ),
    },
    actions={"1.1": ("new", "modify", "modify", "modify"), "1.2": (None,)},
    titles={"batch 1": "Foundation + Writers (AuthEnv type, DI, AuthManager, ProviderModelsService)"},
    warnings=frozenset({"no-status"}),
)

CASE_173 = Case(
    "TASK_2025_173.md",
    (
        B("1", 48, "implemented", None, BE, (), "T1 T2 T3 T4 T5", "implemented"),
        B("2", 417, "implemented", None, FE, ("1",), "T6 T7 T8", "implemented"),
        B("3", 573, "implemented", None, FE, ("1",), "T9a T9b T9c T9d", "implemented"),
        B("4", 722, "pending", None, FE, ("1", "2", "3"), "T10", "pending"),
    ),
    task_deps={"T1": (), "T3": ("T1", "T2"), "T5": ("T1",), "T8": ("T6",)},
    files={
        "T1": ("libs/shared/src/lib/types/agent-process.types.ts",),
        "T9b": (f"{CARD}/gemini-output.utils.ts", f"{CARD}/gemini-output.component.ts"),
        "T9d": (),
        "T10": (f"{CARD}/agent-card.component.ts",),
    },
    actions={"T9b": ("new", "new")},
    titles={
        "batch 1": "Infrastructure (Types + Backend + Store)",
        "task T2": "Add `onStreamEvent` to `SdkHandle` interface",
    },
)

CASE_001 = Case(
    "TASK_2025_001.md",
    (),
    loose="1 2 3 4 5 6 7",
    task_status=dict.fromkeys(["1", "2", "3", "4", "5", "6", "7"], "complete"),
    task_commits={
        "1": "0fa9e12",
        "2": "cd04c68",
        "3": "3cf174f",
        "4": "4e0f128",
        "5": "f0402e2",
        "6": "ac1ea25",
        "7": "32f627b",
    },
    task_assignees={"1": BE, "2": BE, "3": FE, "4": FE, "5": FE, "6": BE, "7": FE},
    task_deps={"1": (), "2": ("1",), "5": ("2",), "7": ("6",)},
    files={
        "1": ("libs/shared/src/lib/constants/message-types.ts",),
        "2": ("libs/shared/src/lib/types/message.types.ts", "libs/shared/src/lib/constants/message-types.ts"),
        "4": ("libs/frontend/core/src/lib/services/chat-state-manager.service.ts",),
    },
    titles={"task 1": "Add Response Type Constants to message-types.ts"},
)

CASE_039 = Case("TASK_2025_039.md", (), warnings=frozenset({"empty"}))
CASE_008 = Case("TASK_2025_008.md", (), warnings=frozenset({"empty"}))

CASE_SESSION = Case(
    "TASK_SESSION_MANAGEMENT.md",
    (
        B("1", 11, "complete", "3e3e19b", FE, (), "1.1 1.2 1.3", "complete"),
        B("2", 188, "complete", None, FE, ("1",), "2.1 2.2", "complete"),
        B("3", 346, "complete", None, FE, ("1", "2"), "3.1 3.2 3.3 3.4", "complete"),
        B("4", 568, "complete", None, "senior-tester", ("1", "2", "3"), "4.1 4.2 4.3", "complete"),
    ),
    task_commits={"1.1": "493867f", "1.2": "a82b279", "1.3": "1f93ba5", "2.1": None, "3.1": None},
    files={
        "1.1": (f"{CMP}/session-dropdown/session-dropdown.component.ts",),
        "3.1": ("libs/frontend/core/src/lib/services/chat.service.ts",),
        "3.4": ("libs/frontend/chat/src/index.ts",),
        "4.1": (f"{CMP}/chat-header/chat-header.component.spec.ts",),
    },
    subjects={"1": "fix(webview): add missing createdAt field in test mocks", "2": None},
    titles={"batch 4": "Polish & Testing (Phase 4)"},
)

CASES_B = (CASE_145, CASE_164, CASE_173, CASE_001, CASE_039, CASE_008, CASE_SESSION)
