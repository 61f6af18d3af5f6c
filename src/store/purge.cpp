#include "store/purge.hpp"

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include <pqxx/connection>
#include <pqxx/result>
#include <pqxx/transaction>

#include "store/codec.hpp"
#include "store/pg_error.hpp"
#include "store/sql_files.hpp"

namespace kontaktdata::store {
namespace {

constexpr std::string_view kPurgePrefix = "purge/";

// Runs the purge statement `name` (src/store/sql/purge/<name>.sql, prepared as "purge_<name>")
// in batches until a batch deletes fewer than `batch` rows; returns the rows deleted.
std::int64_t in_batches(pqxx::connection& conn, const std::string& name, domain::Tidspunkt cutoff,
                        int batch) {
  const std::string cutoff_text = codec::timestamptz_text(cutoff);
  std::int64_t deleted = 0;
  for (;;) {
    pqxx::work tx(conn);
    const pqxx::result rows = tx.exec_prepared("purge_" + name, cutoff_text, batch);
    tx.commit();
    deleted += static_cast<std::int64_t>(rows.size());
    if (rows.size() < static_cast<pqxx::result::size_type>(batch)) return deleted;
  }
}

domain::Tidspunkt cutoff(domain::Tidspunkt now, std::chrono::hours keep, const char* what) {
  if (keep.count() < 0) throw std::invalid_argument(std::string("negative retention: ") + what);
  return now - keep;
}

}  // namespace

domain::Oprydning purge(const std::string& owner_dsn, const domain::Opbevaring& opbevaring,
                        domain::Tidspunkt now, int batch) {
  if (batch < 1) throw std::invalid_argument("purge batch size must be at least 1");
  const auto historik = cutoff(now, opbevaring.historik, "historik");
  const auto haendelser = cutoff(now, opbevaring.haendelser, "haendelser");
  const auto adgangslog = cutoff(now, opbevaring.adgangslog, "adgangslog");
  const auto idempotens = cutoff(now, opbevaring.idempotens, "idempotens");
  const auto registercache = cutoff(now, opbevaring.registercache, "registercache");
  try {
    pqxx::connection conn(owner_dsn);
    for (const SqlFile& f : sql_files()) {
      if (f.name.substr(0, kPurgePrefix.size()) != kPurgePrefix) continue;
      conn.prepare("purge_" + std::string(stem(f.name)), std::string(f.text));
    }
    domain::Oprydning out;
    out.registreringer = in_batches(conn, "registreringer", historik, batch);
    out.haendelser = in_batches(conn, "haendelser", haendelser, batch);
    out.adgangslog = in_batches(conn, "adgangslog", adgangslog, batch);
    out.idempotens = in_batches(conn, "idempotens", idempotens, batch);
    out.registercache = in_batches(conn, "registercache", registercache, batch);
    return out;
  } catch (...) {
    rethrow_translated("purge");
  }
}

}  // namespace kontaktdata::store
