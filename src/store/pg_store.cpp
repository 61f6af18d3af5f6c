#include "store/pg_store.hpp"

#include <optional>
#include <stdexcept>
#include <utility>
#include <variant>

#include <pqxx/result>
#include <pqxx/transaction>

#include "domain/error.hpp"
#include "store/codec.hpp"
#include "store/json_writer.hpp"
#include "store/pg_error.hpp"
#include "store/sql_files.hpp"

namespace kontaktdata::store {
namespace {

using domain::Kontaktdata;

constexpr std::string_view kQueryPrefix = "queries/";

const char* or_null(const std::optional<std::string>& s) noexcept {
  return s ? s->c_str() : nullptr;
}

std::optional<std::string> opt_text(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return f.as<std::string>();
}

std::optional<domain::Dato> opt_date(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return codec::from_epoch_days(f.as<std::int64_t>());
}

template <class T>
std::optional<T> opt_enum(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return codec::from_db<T>(f.c_str());
}

void date_member(JsonWriter& w, std::string_view key, const std::optional<domain::Dato>& d) {
  w.key(key);
  if (d) {
    w.value(codec::date_text(*d));
  } else {
    w.null();
  }
}

// The JSON documents opret.sql reads with jsonb_to_recordset: one object per item, its keys the
// columns named there, `position` its place in the caller's list.
std::string adresser_json(const std::vector<domain::Kontaktadresse>& adresser) {
  JsonWriter w;
  w.begin_array();
  for (std::size_t i = 0; i < adresser.size(); ++i) {
    const auto& a = adresser[i];
    const domain::DanskAdresse* dansk = nullptr;
    const domain::Adresselinjer* linjer = nullptr;
    if (a.postadresse) {
      dansk = std::get_if<domain::DanskAdresse>(&*a.postadresse);
      linjer = std::get_if<domain::Adresselinjer>(&*a.postadresse);
    }
    w.begin_object();
    w.key("position").value(static_cast<std::int64_t>(i));
    w.key("adresse_id");
    if (a.adresse_id.empty()) {
      w.null();
    } else {
      w.value(a.adresse_id);
    }
    w.key("adressetype").value(codec::to_db(a.type));
    w.key("postadresseform");
    if (dansk) {
      w.value("DANSK");
    } else if (linjer) {
      w.value("LINJER");
    } else {
      w.null();
    }
    if (dansk) {
      w.key("vejnavn").value(dansk->vejnavn);
      w.key("husnummer").value(dansk->husnummer);
      w.key("etage").value(dansk->etage);
      w.key("sidedoer").value(dansk->sidedoer);
      w.key("postnummer").value(dansk->postnummer);
      w.key("postdistrikt").value(dansk->postdistrikt);
    }
    if (linjer) {
      w.key("adresselinjer").begin_array();
      for (const auto& linje : linjer->linjer) w.value(linje);
      w.end_array();
      w.key("landekode").value(linjer->landekode);
    }
    w.key("email").value(a.email);
    w.key("mobilnummer").value(a.mobilnummer);
    date_member(w, "gyldig_fra", a.gyldig_fra);
    date_member(w, "gyldig_til", a.gyldig_til);
    w.key("sidst_verificeret");
    if (a.sidst_verificeret) {
      w.value(codec::timestamptz_text(*a.sidst_verificeret));
    } else {
      w.null();
    }
    w.end_object();
  }
  w.end_array();
  return w.str();
}

std::string kanaler_json(const std::vector<domain::Kontaktkanal>& kanaler) {
  JsonWriter w;
  w.begin_array();
  for (std::size_t i = 0; i < kanaler.size(); ++i) {
    const auto& k = kanaler[i];
    w.begin_object();
    w.key("position").value(static_cast<std::int64_t>(i));
    w.key("kanal").value(codec::to_db(k.kanal));
    w.key("adresse_id").value(k.adresse_id);
    w.key("sagsomraade").value(k.sagsomraade);
    w.key("prioritet").value(k.prioritet);
    date_member(w, "gyldig_fra", k.gyldig_fra);
    date_member(w, "gyldig_til", k.gyldig_til);
    w.end_object();
  }
  w.end_array();
  return w.str();
}

std::string former_json(const std::vector<domain::Kontaktform>& former) {
  JsonWriter w;
  w.begin_array();
  for (std::size_t i = 0; i < former.size(); ++i) {
    const auto& f = former[i];
    w.begin_object();
    w.key("position").value(static_cast<std::int64_t>(i));
    w.key("sprog").value(f.sprog);
    w.key("tiltaleform");
    if (f.tiltaleform) {
      w.value(codec::to_db(*f.tiltaleform));
    } else {
      w.null();
    }
    w.key("medie");
    if (f.medie) {
      w.value(codec::to_db(*f.medie));
    } else {
      w.null();
    }
    w.key("tolkebehov").value(f.tolkebehov);
    w.key("tolkesprog").value(f.tolkesprog);
    w.key("sagsomraade").value(f.sagsomraade);
    w.key("prioritet").value(f.prioritet);
    w.end_object();
  }
  w.end_array();
  return w.str();
}

std::vector<std::string> text_array(const pqxx::field& f) {
  std::vector<std::string> out;
  auto parser = f.as_array();
  for (;;) {
    auto [juncture, value] = parser.get_next();
    if (juncture == pqxx::array_parser::done) break;
    if (juncture == pqxx::array_parser::string_value) out.push_back(std::move(value));
    if (juncture == pqxx::array_parser::null_value) {
      throw std::runtime_error("NULL in a text array");  // the schema's CHECK forbids it
    }
  }
  return out;
}

domain::Kontaktadresse adresse_from(const pqxx::row& row) {
  domain::Kontaktadresse a;
  a.adresse_id = row["adresse_id"].as<std::string>();
  a.type = codec::from_db<domain::Adressetype>(row["adressetype"].c_str());
  if (!row["postadresseform"].is_null()) {
    const std::string_view form = row["postadresseform"].c_str();
    if (form == "DANSK") {
      domain::DanskAdresse d;
      d.vejnavn = row["vejnavn"].as<std::string>();
      d.husnummer = row["husnummer"].as<std::string>();
      d.etage = opt_text(row["etage"]);
      d.sidedoer = opt_text(row["sidedoer"]);
      d.postnummer = row["postnummer"].as<std::string>();
      d.postdistrikt = row["postdistrikt"].as<std::string>();
      a.postadresse = std::move(d);
    } else {
      domain::Adresselinjer l;
      l.linjer = text_array(row["adresselinjer"]);
      l.landekode = row["landekode"].as<std::string>();
      a.postadresse = std::move(l);
    }
  }
  a.email = opt_text(row["email"]);
  a.mobilnummer = opt_text(row["mobilnummer"]);
  a.gyldig_fra = opt_date(row["gyldig_fra_dage"]);
  a.gyldig_til = opt_date(row["gyldig_til_dage"]);
  if (!row["sidst_verificeret_us"].is_null()) {
    a.sidst_verificeret = codec::from_epoch_us(row["sidst_verificeret_us"].as<std::int64_t>());
  }
  return a;
}

domain::Kontaktkanal kanal_from(const pqxx::row& row) {
  domain::Kontaktkanal k;
  k.kanal = codec::from_db<domain::Kanal>(row["kanal"].c_str());
  k.adresse_id = opt_text(row["adresse_id"]);
  k.sagsomraade = opt_text(row["sagsomraade"]);
  k.prioritet = row["prioritet"].as<int>();
  k.gyldig_fra = opt_date(row["gyldig_fra_dage"]);
  k.gyldig_til = opt_date(row["gyldig_til_dage"]);
  return k;
}

domain::Kontaktform form_from(const pqxx::row& row) {
  domain::Kontaktform f;
  f.sprog = row["sprog"].as<std::string>();
  f.tiltaleform = opt_enum<domain::Tiltaleform>(row["tiltaleform"]);
  f.medie = opt_enum<domain::Medie>(row["medie"]);
  if (!row["tolkebehov"].is_null()) f.tolkebehov = row["tolkebehov"].as<bool>();
  f.tolkesprog = opt_text(row["tolkesprog"]);
  f.sagsomraade = opt_text(row["sagsomraade"]);
  f.prioritet = row["prioritet"].as<int>();
  return f;
}

void registrering_from(const pqxx::row& row, Kontaktdata& kd) {
  kd.version = row["version"].as<std::int64_t>();
  domain::Registrering r;
  r.tidspunkt = codec::from_epoch_us(row["tidspunkt_us"].as<std::int64_t>());
  r.livscyklus = codec::from_db<domain::Livscyklus>(row["livscyklus"].c_str());
  r.user_system_uuid = row["user_system_uuid"].as<std::string>();
  r.user_uuid = row["user_uuid"].as<std::string>();
  r.on_behalf_of_user = opt_text(row["on_behalf_of_user"]);
  r.note = opt_text(row["note"]);
  kd.registrering = std::move(r);
}

class PgSession final : public domain::Session {
 public:
  explicit PgSession(ConnectionPool::Lease lease) : lease_(std::move(lease)) {
    try {
      work_.emplace(lease_.connection());
    } catch (...) {
      if (classify_current_exception().connection_lost) lease_.mark_broken();
      throw;
    }
  }

  PgSession(const PgSession&) = delete;
  PgSession& operator=(const PgSession&) = delete;

  ~PgSession() override {
    if (!committed_) {
      // Roll back here rather than in pqxx's destructor, so that a failed rollback is seen and
      // the connection is not given back in an unknown state.
      try {
        work_->abort();
      } catch (...) {
        lease_.mark_broken();
      }
    }
    work_.reset();
  }

  std::optional<domain::KaldendeSystem> kaldende_system(const std::string& user_system_uuid,
                                                        const std::string& kommune_cvr) override {
    // Not a UUID: unknown, not an SQL error from the ::uuid cast.
    if (!codec::is_canonical_uuid(user_system_uuid)) return std::nullopt;
    return run("kaldende_system", [&]() -> std::optional<domain::KaldendeSystem> {
      const pqxx::result rows =
          work_->exec_prepared("kaldende_system", user_system_uuid, kommune_cvr);
      if (rows.empty()) return std::nullopt;
      domain::KaldendeSystem system;
      system.uuid = user_system_uuid;
      system.navn = rows[0]["navn"].as<std::string>();
      system.ser_beskyttede_adresser = rows[0]["ser_beskyttede_adresser"].as<bool>();
      for (const auto& row : rows) {
        if (row["operation"].is_null()) continue;
        system.tilladte_operationer.push_back(codec::operation_from_db(row["operation"].c_str()));
      }
      return system;
    });
  }

  bool kommune_findes(const std::string& kommune_cvr) override {
    return run("kommune_findes", [&] {
      return work_->exec_prepared("kommune_findes", kommune_cvr)[0][0].as<bool>();
    });
  }

  std::int64_t opret(const std::string& kommune_cvr, const Kontaktdata& data,
                     const domain::Registrering& registrering) override {
    const std::int64_t version = run("opret", [&]() -> std::int64_t {
      const pqxx::result rows = work_->exec_prepared(
          "opret", kommune_cvr, std::string(codec::to_db(data.part.type)), data.part.nummer,
          codec::timestamptz_text(registrering.tidspunkt),
          std::string(codec::to_db(registrering.livscyklus)), registrering.user_system_uuid,
          registrering.user_uuid, or_null(registrering.on_behalf_of_user),
          or_null(registrering.note), adresser_json(data.adresser), kanaler_json(data.kanaler),
          former_json(data.former), std::string(codec::haendelsestype(registrering.livscyklus)));
      return rows.empty() ? 0 : rows[0][0].as<std::int64_t>();
    });
    if (version == 0) {
      throw domain::Error(domain::ErrorCode::PartFindesAllerede,
                          "parten har allerede kontaktdata i kommunen");
    }
    return version;
  }

  std::optional<Kontaktdata> laes(const std::string& kommune_cvr,
                                  const domain::Part& part) override {
    return run("laes_aktuel", [&]() -> std::optional<Kontaktdata> {
      const pqxx::result rows = work_->exec_prepared(
          "laes_aktuel", kommune_cvr, std::string(codec::to_db(part.type)), part.nummer);
      if (rows.empty()) return std::nullopt;
      Kontaktdata kd;
      kd.part = part;
      for (const auto& row : rows) {
        const std::string_view slags = row["slags"].c_str();
        if (slags == "R") {
          registrering_from(row, kd);
        } else if (slags == "A") {
          kd.adresser.push_back(adresse_from(row));
        } else if (slags == "K") {
          kd.kanaler.push_back(kanal_from(row));
        } else if (slags == "F") {
          kd.former.push_back(form_from(row));
        }
      }
      if (!kd.registrering) throw std::runtime_error("laes_aktuel: no registration row");
      return kd;
    });
  }

  void commit() override {
    run("commit", [&] { work_->commit(); });
    committed_ = true;
  }

 private:
  template <class F>
  auto run(std::string_view what, F&& f) -> decltype(f()) {
    try {
      return f();
    } catch (...) {
      if (classify_current_exception().connection_lost) lease_.mark_broken();
      rethrow_translated(what);
    }
  }

  ConnectionPool::Lease lease_;
  std::optional<pqxx::work> work_;  // destroyed before lease_ gives the connection back
  bool committed_ = false;
};

}  // namespace

void prepare_queries(pqxx::connection& conn) {
  for (const SqlFile& f : sql_files()) {
    if (f.name.substr(0, kQueryPrefix.size()) != kQueryPrefix) continue;
    conn.prepare(std::string(stem(f.name)), std::string(f.text));
  }
}

PgStore::PgStore(std::string dsn, std::size_t pool_size, std::chrono::milliseconds acquire_timeout)
    : pool_(ConnectionPool::create(std::move(dsn), pool_size, prepare_queries, acquire_timeout)) {}

std::unique_ptr<domain::Session> PgStore::begin() {
  // A connection that sat idle through a database restart is found dead at BEGIN, before the
  // request did anything: drop it and try the next (at most the whole pool, then a new one).
  for (std::size_t attempt = 0;; ++attempt) {
    std::optional<ConnectionPool::Lease> lease;
    try {
      lease.emplace(pool_->acquire());
    } catch (...) {
      rethrow_translated("connect");
    }
    const bool reused = !lease->fresh();
    try {
      return std::make_unique<PgSession>(std::move(*lease));
    } catch (...) {
      if (reused && attempt < pool_->capacity() && classify_current_exception().connection_lost) {
        continue;
      }
      rethrow_translated("begin");
    }
  }
}

}  // namespace kontaktdata::store
