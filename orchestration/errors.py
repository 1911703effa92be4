"""Errors a user can cause and fix: each message is one line naming the file or
resource and what to do. The CLI prints it as `omw: <message>` and exits 1
(docs/operations.md#faults-and-recovery)."""


class OmwError(Exception):
    """A failure with a one-line, actionable message (never a traceback)."""


class WarehouseBusy(OmwError):
    """Another process holds the warehouse file (or its writer slot)."""


class WarehouseCorrupt(OmwError):
    """The warehouse file cannot be read: rebuild it from raw/."""


class NoSnapshotFiles(OmwError):
    """A folder given to `omw import-hub` holds no snapshot file."""
