// Graceful stop on SIGINT/SIGTERM for `knox serve`, without signal handlers: the signals are
// blocked in every thread (the mask is inherited by threads created afterwards, so call
// BlockTerminationSignals before starting the server) and the main thread takes them
// synchronously with sigwait(2), then stops the server from ordinary code.
// Not for library users that install their own handlers. Process-wide effect; call from main.
#pragma once

namespace knox::server {

void BlockTerminationSignals();
// Blocks until SIGINT or SIGTERM arrives; returns the signal number.
int WaitForTerminationSignal();

}  // namespace knox::server
