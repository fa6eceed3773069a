#include <boost/json.hpp>

#include "core/advisory_json.h"
#include "core/error.h"
#include "core/text.h"
#include "store/advisory_checks.h"
#include "store/advisory_document.h"
#include "store/public_id.h"
#include "store/sql/advisory_rows.h"
#include "store/sql/audit_rows.h"
#include "store/sql/due_rows.h"
#include "store/sql/outbox_rows.h"
#include "store/sql/program_rows.h"
#include "store/sql/report_rows.h"
#include "store/sql/report_steps.h"
#include "store/sql/sql_store.h"

namespace embargo::store::sql {
namespace json = boost::json;

namespace {

constexpr std::size_t kMaxReasonBytes = 10000;

std::int64_t existing_advisory(Connection& db, const std::string& id) {
  auto key = advisory_key(db, id);
  if (!key) throw not_found("advisory", "there is no advisory " + id);
  return *key;
}

std::string reason_text(std::string_view text, bool required) {
  std::string reason(trim_spaces(text));
  if (auto problem = text_problem(reason, true)) throw invalid_at("reason", *problem);
  if (reason.size() > kMaxReasonBytes) throw invalid_at("reason", "at most 10000 bytes");
  if (required && is_blank(reason)) throw invalid_at("reason", "required: say why");
  return reason;
}

void audit(Connection& db, Time at, const std::string& actor, const std::string& action,
           const Advisory& advisory, json::object details) {
  details["advisory"] = advisory.id;
  append_audit(db, {0, at, actor, action, advisory.program, "", json::serialize(details)});
}

void set_state(Connection& db, std::int64_t key, AdvisoryState state, Time at) {
  db.query("UPDATE advisories SET state = ?2, updated_at = ?3 WHERE key = ?1")
      .bind(1, key)
      .bind(2, to_string(state))
      .bind(3, to_seconds(at))
      .run();
}

json::array id_list(const std::vector<std::string>& ids) {
  return json::array(ids.begin(), ids.end());
}

}  // namespace

Advisory SqlStore::create_advisory(const NewAdvisory& created, const std::string& actor) {
  if (created.reports.empty()) throw invalid_at("reports", "name at least one report");
  if (created.reports.size() > kMaxAdvisoryReports) {
    throw invalid_at("reports", "at most " + std::to_string(kMaxAdvisoryReports) + " reports");
  }
  Advisory advisory;
  writer_->run([&](WriteContext& w) {
    ProgramPolicy program = program_policy(w.db, policies_, created.program);
    std::vector<Report> reports;
    std::vector<std::string> ids;
    for (const auto& id : created.reports) {
      auto key = report_key(w.db, id);
      if (!key) throw not_found("reports", "there is no report " + id);
      Report report = *load_report(w.db, *key);
      if (report.program != program.slug) {
        throw invalid_at("reports", id + " is a report of another program");
      }
      if (std::find(ids.begin(), ids.end(), report.id) != ids.end()) {
        throw invalid_at("reports", id + " is named twice");
      }
      ids.push_back(report.id);
      reports.push_back(std::move(report));
    }
    AdvisoryDraft draft = check_advisory_draft(complete_from_reports(created.draft, reports),
                                               program.policy->versions, ids);
    Time at = time_.now();
    int year = utc_year(at);
    std::string id =
        format_public_id(id_prefix(*program.policy) + "-SA", year,
                         next_number(w.db, YearlyNumbering::advisories, program.key, year));
    auto insert = w.db.query(
        "INSERT INTO advisories (public_id, program, state, draft, created_at, created_by,"
        " updated_at) VALUES (?1, ?2, 'draft', ?3, ?4, ?5, ?4) RETURNING key");
    insert.bind(1, id)
        .bind(2, program.key)
        .bind(3, json::serialize(advisory_draft_to_json(draft)))
        .bind(4, to_seconds(at))
        .bind(5, actor);
    insert.step();
    std::int64_t key = insert.integer(0);
    insert.run();
    for (std::size_t i = 0; i < reports.size(); ++i) {
      w.db.query("INSERT INTO advisory_reports (advisory, report, position) VALUES (?1, ?2, ?3)")
          .bind(1, key)
          .bind(2, reports[i].key)
          .bind(3, static_cast<std::int64_t>(i))
          .run();
    }
    advisory = load_advisory(w.db, policies_, key);
    audit(w.db, at, actor, "advisory.created", advisory, {{"reports", id_list(ids)}});
  });
  return advisory;
}

Advisory SqlStore::update_advisory(const std::string& id, const AdvisoryDraft& draft,
                                   const std::string& actor) {
  Advisory advisory;
  writer_->run([&](WriteContext& w) {
    std::int64_t key = existing_advisory(w.db, id);
    advisory = load_advisory(w.db, policies_, key);
    if (advisory.state == AdvisoryState::withdrawn) {
      throw conflict_at("state", id + " is withdrawn: it can no longer change");
    }
    ProgramPolicy program = program_policy(w.db, policies_, advisory.program);
    AdvisoryDraft checked = check_advisory_draft(draft, program.policy->versions, advisory.reports);
    Time at = time_.now();
    w.db.query("UPDATE advisories SET draft = ?2, updated_at = ?3 WHERE key = ?1")
        .bind(1, key)
        .bind(2, json::serialize(advisory_draft_to_json(checked)))
        .bind(3, to_seconds(at))
        .run();
    advisory = load_advisory(w.db, policies_, key);
    audit(w.db, at, actor, "advisory.updated", advisory, {});
  });
  return advisory;
}

Advisory SqlStore::set_advisory_review(const std::string& id, bool in_review,
                                       const std::string& actor) {
  Advisory advisory;
  writer_->run([&](WriteContext& w) {
    std::int64_t key = existing_advisory(w.db, id);
    advisory = load_advisory(w.db, policies_, key);
    AdvisoryState from = in_review ? AdvisoryState::draft : AdvisoryState::in_review;
    if (advisory.state != from) {
      throw conflict_at("state", id + " is '" + std::string(to_string(advisory.state)) +
                                     "', not '" + std::string(to_string(from)) + "'");
    }
    AdvisoryState to = in_review ? AdvisoryState::in_review : AdvisoryState::draft;
    Time at = time_.now();
    set_state(w.db, key, to, at);
    advisory = load_advisory(w.db, policies_, key);
    audit(w.db, at, actor, "advisory.review", advisory, {{"state", to_string(to)}});
  });
  return advisory;
}

Advisory SqlStore::schedule_advisory(const std::string& id, Time instant, const std::string& reason,
                                     const std::string& actor, Time at) {
  Advisory advisory;
  writer_->run([&](WriteContext& w) {
    std::int64_t key = existing_advisory(w.db, id);
    advisory = load_advisory(w.db, policies_, key);
    bool moving = advisory.state == AdvisoryState::scheduled;
    if (!moving && advisory.state != AdvisoryState::draft &&
        advisory.state != AdvisoryState::in_review) {
      throw conflict_at("state", id + " is '" + std::string(to_string(advisory.state)) +
                                     "': only a draft or an advisory in review is scheduled");
    }
    if (instant <= at) {
      throw invalid_at("publish_at", format_time(instant) + " is not in the future (it is now " +
                                         format_time(at) + ")");
    }
    std::string why = reason_text(reason, moving);
    check_publishable(advisory, advisory_reports(w.db, key), false);
    w.db.query(
            "UPDATE advisories SET state = 'scheduled', publish_at = ?2, updated_at = ?3"
            " WHERE key = ?1")
        .bind(1, key)
        .bind(2, to_seconds(instant))
        .bind(3, to_seconds(at))
        .run();
    auto change = w.db.query(
        "INSERT INTO embargo_changes (advisory, at, actor, from_at, to_at, reason)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    change.bind(1, key).bind(2, to_seconds(at)).bind(3, actor);
    std::optional<Time> from = moving ? advisory.publish_at : std::nullopt;
    if (from) change.bind(4, to_seconds(*from));
    change.bind(5, to_seconds(instant)).bind(6, why).run();
    advisory = load_advisory(w.db, policies_, key);
    json::object details{{"publish_at", format_time(instant)}, {"reason", why}};
    if (from) details["previous"] = format_time(*from);
    audit(w.db, at, actor, "advisory.scheduled", advisory, std::move(details));
  });
  return advisory;
}

Advisory SqlStore::publish_advisory(const std::string& id, const std::string& actor, Time at) {
  Advisory advisory;
  writer_->run([&](WriteContext& w) {
    std::int64_t key = existing_advisory(w.db, id);
    advisory = load_advisory(w.db, policies_, key);
    if (advisory.state == AdvisoryState::withdrawn) {
      throw conflict_at("state", id + " is withdrawn: it can no longer be published");
    }
    if (advisory.state == AdvisoryState::published && !advisory.unpublished_changes) {
      throw conflict_at("state", id + " is published and its draft has no change to publish");
    }
    publish_in(w, key, advisory, actor, at, true);
    advisory = load_advisory(w.db, policies_, key);
  });
  return advisory;
}

std::vector<std::string> SqlStore::publish_due_advisories(Time at) {
  std::vector<std::string> published;
  // The server asks every second: a read answers "nothing is due" without taking the writer.
  {
    auto db = readers_->borrow();
    auto due = db->query(
        "SELECT 1 FROM advisories WHERE state = 'scheduled' AND publish_at <= ?1 LIMIT 1");
    due.bind(1, to_seconds(at));
    if (!due.step()) return published;
  }
  writer_->run([&](WriteContext& w) {
    auto due = w.db.query(
        "SELECT key FROM advisories WHERE state = 'scheduled' AND publish_at <= ?1"
        " ORDER BY publish_at, key");
    due.bind(1, to_seconds(at));
    std::vector<std::int64_t> keys;
    while (due.step()) keys.push_back(due.integer(0));
    for (std::int64_t key : keys) {
      Advisory advisory = load_advisory(w.db, policies_, key);
      try {
        check_publishable(advisory, advisory_reports(w.db, key), false);
      } catch (const Refusal& refusal) {
        set_state(w.db, key, AdvisoryState::in_review, at);
        audit(w.db, at, "scheduler", "advisory.held", advisory, {{"reason", refusal.what()}});
        continue;
      }
      publish_in(w, key, advisory, "scheduler", at, false);
      published.push_back(advisory.id);
    }
  });
  return published;
}

void SqlStore::publish_in(WriteContext& w, std::int64_t key, const Advisory& advisory,
                          const std::string& actor, Time at, bool strict) {
  std::vector<Report> reports = advisory_reports(w.db, key);
  check_publishable(advisory, reports, strict);
  ProgramPolicy program = program_policy(w.db, policies_, advisory.program);

  PublishedAdvisory document;
  document.id = advisory.id;
  document.program = advisory.program;
  document.program_name = program.policy->identity.name;
  document.homepage = program.policy->identity.homepage;
  document.version_scheme = std::string(to_string(program.policy->versions.scheme));
  document.revision = advisory.revision + 1;
  document.draft = advisory.draft;
  document.draft.credits.clear();
  document.credits = credits_to_publish(advisory, program.policy->credit);
  document.hall_of_fame = hall_of_fame_lines(advisory, program.policy->credit);
  document.published_at = advisory.published_at.value_or(at);
  document.modified_at = at;
  w.db.query(
          "INSERT INTO advisory_revisions (advisory, revision, program, modified_at, document)"
          " VALUES (?1, ?2, ?3, ?4, ?5)")
      .bind(1, key)
      .bind(2, document.revision)
      .bind(3, program.key)
      .bind(4, to_seconds(at))
      .bind(5, published_to_json(document))
      .run();
  set_state(w.db, key, AdvisoryState::published, at);

  json::array left_out;
  for (const auto& credit : advisory.reporter_credits) {
    if (!credit.publishable()) left_out.push_back(json::value(credit.report));
  }
  // The publication is the fix's release ("published with the fix"): a report still being fixed
  // is fixed now, and every fixed report disclosed, at the same instant. The reporter is told of
  // the last step.
  json::array disclosed;
  for (Report& report : reports) {
    if (report.state != State::accepted && report.state != State::fixing &&
        report.state != State::fixed) {
      continue;
    }
    std::string reason = publication_reason(advisory.id);
    if (report.state != State::fixed) {
      apply_transition(w.db, report,
                       {report.state, State::fixed, at, Actor::team, actor, reason, ""},
                       time_.now());
    }
    apply_transition(w.db, report,
                     {State::fixed, State::disclosed, at, Actor::team, actor, reason, ""},
                     time_.now());
    store_due(w.db, report, *program.policy, time_.now());
    announce_transition(w, report, report.history.back());
    disclosed.push_back(json::value(report.id));
  }
  if (announcer_) {
    std::vector<std::string> report_ids;
    report_ids.reserve(reports.size());
    for (const Report& report : reports) report_ids.push_back(report.id);
    queue_outbox(w.db, 0, announcer_->advisory_published(document, report_ids), at);
  }
  audit(w.db, at, actor, "advisory.published", advisory,
        {{"revision", document.revision},
         {"disclosed", std::move(disclosed)},
         {"credits_left_out", std::move(left_out)}});
}

Advisory SqlStore::withdraw_advisory(const std::string& id, const std::string& reason,
                                     const std::string& actor, Time at) {
  Advisory advisory;
  writer_->run([&](WriteContext& w) {
    std::int64_t key = existing_advisory(w.db, id);
    advisory = load_advisory(w.db, policies_, key);
    if (advisory.state != AdvisoryState::published) {
      throw conflict_at("state", id + " is '" + std::string(to_string(advisory.state)) +
                                     "': only a published advisory is withdrawn (a draft is simply "
                                     "left unpublished)");
    }
    std::string why = reason_text(reason, true);
    auto latest = w.db.query(
        "SELECT document FROM advisory_revisions WHERE advisory = ?1"
        " ORDER BY revision DESC LIMIT 1");
    latest.bind(1, key);
    latest.step();
    PublishedAdvisory document = published_from_json(latest.text(0));
    latest.run();
    document.revision += 1;
    document.modified_at = at;
    document.withdrawn = true;
    document.withdrawn_reason = why;
    document.withdrawn_at = at;
    w.db.query(
            "INSERT INTO advisory_revisions (advisory, revision, program, modified_at, document)"
            " SELECT ?1, ?2, program, ?3, ?4 FROM advisories WHERE key = ?1")
        .bind(1, key)
        .bind(2, document.revision)
        .bind(3, to_seconds(at))
        .bind(4, published_to_json(document))
        .run();
    w.db.query(
            "UPDATE advisories SET state = 'withdrawn', withdrawn_reason = ?2, updated_at = ?3"
            " WHERE key = ?1")
        .bind(1, key)
        .bind(2, why)
        .bind(3, to_seconds(at))
        .run();
    advisory = load_advisory(w.db, policies_, key);
    audit(w.db, at, actor, "advisory.withdrawn", advisory, {{"reason", why}});
  });
  return advisory;
}

Advisory SqlStore::answer_credit(const std::string& advisory_id, const std::string& report_id,
                                 CreditDecision decision) {
  Advisory advisory;
  writer_->run([&](WriteContext& w) {
    std::int64_t key = existing_advisory(w.db, advisory_id);
    advisory = load_advisory(w.db, policies_, key);
    const ReporterCredit* credit = nullptr;
    for (const auto& c : advisory.reporter_credits) {
      if (c.report == report_id) credit = &c;
    }
    if (credit == nullptr) {
      throw not_found("credit", advisory_id + " credits no reporter of " + report_id);
    }
    if (advisory.state == AdvisoryState::published || advisory.state == AdvisoryState::withdrawn) {
      throw conflict("credit", advisory_id + " is already public: its credits no longer change");
    }
    if (credit->private_only) {
      throw conflict("credit",
                     "this program acknowledges this report privately: the advisory "
                     "names nobody for it");
    }
    Time at = time_.now();
    w.db.query(
            "INSERT INTO credit_answers (advisory, report, decision, line, at)"
            " SELECT ?1, key, ?3, ?4, ?5 FROM reports WHERE public_id = ?2"
            " ON CONFLICT (advisory, report) DO UPDATE SET decision = excluded.decision,"
            " line = excluded.line, at = excluded.at")
        .bind(1, key)
        .bind(2, report_id)
        .bind(3, to_string(decision))
        .bind(4, credit->line)
        .bind(5, to_seconds(at))
        .run();
    append_audit(w.db, {0, at, "reporter", "advisory.credit_answered", advisory.program, report_id,
                        json::serialize(json::object{{"advisory", advisory_id},
                                                     {"decision", to_string(decision)}})});
    advisory = load_advisory(w.db, policies_, key);
  });
  return advisory;
}

}  // namespace embargo::store::sql
