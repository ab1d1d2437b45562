//! The vocabulary of the board: every user intent (`Action`) and every piece of I/O the run
//! loop performs for it (`Effect`).

use std::path::PathBuf;

use super::export::ExportFormat;

/// Something the user wants done. Keys and mouse clicks become actions; `update` carries them out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Focus the previous / next column (Unplanned, Wave 1, Wave 2, ...).
    FocusPrev,
    FocusNext,
    /// Focus the first column (Unplanned) / the last wave.
    FocusFirst,
    FocusLast,
    /// Select the previous / next app in the focused column.
    SelectPrev,
    SelectNext,
    /// Select a page up / down, or the first / last app of the column.
    PageUp,
    PageDown,
    SelectFirst,
    SelectLast,
    /// Move the selected app to the previous / next wave.
    MoveAppPrev,
    MoveAppNext,
    /// Move the focused wave one place earlier / later.
    WaveEarlier,
    WaveLater,
    /// Add a wave after the focused one; rename or delete the focused wave.
    NewWave,
    RenameWave,
    DeleteWave,
    /// Write or change the notes of the focused wave.
    WaveNotes,
    /// Jump to an app or a wave by name.
    Jump,
    /// Pull recommendation N (1-based) into the focused wave.
    Pull(u8),
    /// Replace the plan with the automatic plan (after confirmation).
    AutoPlan,
    /// The capacity form: wave sizes, the pilot, which states count as stateful.
    Capacity,
    /// Lock or unlock the focused wave; pin or unpin the selected app.
    LockWave,
    PinApp,
    Undo,
    Redo,
    /// Start typing a filter; clear it.
    Filter,
    ClearFilter,
    /// The dependency view of the selected app.
    Dependencies,
    /// Every finding of the plan (and every entry dropped from the plan file).
    Findings,
    /// What changed since the saved plan.
    Changes,
    /// The hybrid cost wave by wave.
    Chart,
    Save,
    Export,
    Help,
    Quit,

    /// Overlays: scroll, close; go back to where the dependency view came from.
    ScrollUp,
    ScrollDown,
    Close,
    Back,
    /// Confirmations: yes, no, and "save first" in the quit question.
    Yes,
    No,
    SaveAndQuit,
    /// The plan file changed on disk: write over it, save elsewhere, or reload it.
    Overwrite,
    SaveElsewhere,
    Reload,
    /// Text prompts: type a character, delete one, clear the line, accept, cancel.
    Input(char),
    DeleteChar,
    ClearInput,
    /// Text prompts: delete the character after the cursor, the word before it; move the
    /// cursor a character left / right, to the start / end.
    DeleteForward,
    DeleteWord,
    CursorLeft,
    CursorRight,
    CursorHome,
    CursorEnd,
    Submit,
    Cancel,
    /// The export menu: choose format N (0-based).
    Choose(u8),
    /// The capacity form: change the chosen field down / up, or flip a toggle.
    Less,
    More,
    Toggle,

    /// Mouse: focus column `column` and select its app at `row` (an index into the column).
    Click {
        column: usize,
        row: Option<usize>,
    },
    /// Mouse: a card dragged from column `from` and dropped on column `column`.
    Drop {
        from: usize,
        column: usize,
    },
    /// Mouse wheel over column `column`.
    Wheel {
        column: usize,
        down: bool,
    },
}

/// I/O that an action calls for; the run loop performs it and reports back to the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Write the plan file; quit afterwards when it worked and `then_quit` is set.
    Save {
        then_quit: bool,
        /// Write even when the file changed on disk since the board read it (else the loop
        /// asks first).
        force: bool,
    },
    /// Read the plan file again, as an undoable edit.
    Reload,
    /// Write an export of the plan to `path`; over an existing file only when `overwrite` (else
    /// the loop asks first).
    Export {
        format: ExportFormat,
        path: PathBuf,
        overwrite: bool,
    },
    /// Run the automatic planner and make its plan the plan. The run loop runs it on a
    /// background thread and draws its progress meanwhile (`Esc` stops it, keeping the best
    /// plan so far); `perform` waits for it.
    AutoPlan,
    Quit,
}
