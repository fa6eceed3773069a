#pragma once

#include "core/policy.h"
#include "core/policy_loader_reader.h"

namespace embargo {

// One reader per section of a policy file; `root` is the top-level table. Each fills its part
// of the policy from what is present and records an error for everything that is wrong.
// Readers that take another part of the policy check rules across sections and run after it.

void read_program(const TableReader& root, Identity& identity);
void read_contacts(const TableReader& root, Contacts& contacts);
void read_intake(const TableReader& root, const Contacts& contacts, Intake& intake);
void read_calendar(const TableReader& root, Calendar& calendar);
// One timed step as the cross-key rules see it: its time, its dotted name ("sla.triage",
// "targets.triage") and where it is written.
struct TimedStep {
  Duration time;
  std::string name;
  Position where;
};

// The steps a report is measured against, whichever table ([sla] or [targets]) gave each.
struct TimedSteps {
  std::optional<TimedStep> acknowledge;
  std::optional<TimedStep> triage;
  bool triage_from_acknowledgement = false;
  std::optional<TimedStep> status_update;
  std::map<Severity, TimedStep> resolution;
  std::optional<TimedStep> disclosure;  // the internal target only; the promise is read later
};

// [sla] (promises) and [targets] (the team's own), checked together.
TimedSteps read_sla(const TableReader& root, Sla& sla, Targets& targets);
void read_disclosure(const TableReader& root, const TimedSteps& steps, Disclosure& disclosure);
void read_scope(const TableReader& root, Scope& scope);
void read_versions(const TableReader& root, Versions& versions);
void read_form(const TableReader& root, Form& form);
void read_rewards(const TableReader& root, Rewards& rewards);
void read_credit(const TableReader& root, Credit& credit);
void read_texts(const TableReader& root, Texts& texts);

}  // namespace embargo
