// `ortkit trace`'s outcome and its renderers: the terminal summary (verdict first, then leaks by
// call site, misuse, sessions, runs) and the --json document.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "trace/trace_document.h"

namespace ortkit::trace {

/// One traced command: how it ended and the reports of its processes that used ORT.
struct TraceOutcome {
  std::vector<std::string> command;
  int exit_code = -1;  ///< the program's exit status; -1 when a signal ended it
  int signal = 0;
  std::string end;  ///< "exit 0", "killed by signal 6 (Aborted)"
  std::vector<TraceDocument> processes;
};

/// The verdict line: "clean", or the counts of leaks and misuse; or why nothing was seen.
std::string Verdict(const TraceOutcome& outcome);

/// The advice for a leak of `type` made by `api` ("free each with the allocator, or ...").
std::string LeakAdvice(const std::string& type, const std::string& api);

/// The program's own call site of `stack`, "wrapper.cc:97 (OnnxAsrModel::Init)", parameters dropped.
std::string DescribeCallSite(const TraceStack& stack);

void RenderTraceText(const TraceOutcome& outcome, std::ostream& out);

/// A short summary of a snapshot taken while the program runs (SIGUSR1, --every).
void RenderSnapshotText(const TraceDocument& document, std::ostream& out);

/// The --json document: the command, how it ended, the verdict and each process's report.
std::string RenderTraceJson(const TraceOutcome& outcome, const std::vector<std::string>& raw_reports);

}  // namespace ortkit::trace
