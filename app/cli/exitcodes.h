// SPDX-License-Identifier: MIT
#pragma once

/// The exit codes of every mode of `leadviewer` (receiver, import, export, sendpilot), one table so
/// that a number means the same thing whichever command returns it. Scripts depend on them: never
/// renumber, only add.
enum class ExitCode : int {
    Ok = 0,
    BadInput = 1, ///< a file that is not an event (import)
    Usage = 2, ///< bad option or argument, unknown column, preset or campaign
    Database = 3, ///< no database file, or it cannot be opened or read
    Listen = 4, ///< the endpoint cannot listen (port in use, address not on this machine)
    AuthRefused = 5, ///< the SendPilot API refused the key (401, 403)
    Api = 6, ///< the SendPilot API or the network failed (5xx, 429, timeout, bad answer...)
    Output = 7, ///< the output cannot be written (permission, disk full, ...)
};

constexpr int exitStatus(ExitCode code)
{
    return static_cast<int>(code);
}
