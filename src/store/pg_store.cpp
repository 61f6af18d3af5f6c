#include "store/pg_store.hpp"

#include <atomic>
#include <cstdint>
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

// The JSON documents the statements read with jsonb_to_recordset: one object per item, its keys
// the columns named there, `position` its place in the caller's list and, for a batch
// (importer.sql), `nr` the place of the item it belongs to (1..).
void write_adresser(JsonWriter& w, const std::vector<domain::Kontaktadresse>& adresser,
                    std::optional<std::int64_t> nr) {
  for (std::size_t i = 0; i < adresser.size(); ++i) {
    const auto& a = adresser[i];
    const domain::DanskAdresse* dansk = nullptr;
    const domain::Adresselinjer* linjer = nullptr;
    if (a.postadresse) {
      dansk = std::get_if<domain::DanskAdresse>(&*a.postadresse);
      linjer = std::get_if<domain::Adresselinjer>(&*a.postadresse);
    }
    w.begin_object();
    if (nr) w.key("nr").value(*nr);
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
}

void write_kanaler(JsonWriter& w, const std::vector<domain::Kontaktkanal>& kanaler,
                   std::optional<std::int64_t> nr) {
  for (std::size_t i = 0; i < kanaler.size(); ++i) {
    const auto& k = kanaler[i];
    w.begin_object();
    if (nr) w.key("nr").value(*nr);
    w.key("position").value(static_cast<std::int64_t>(i));
    w.key("kanal").value(codec::to_db(k.kanal));
    w.key("adresse_id").value(k.adresse_id);
    w.key("sagsomraade").value(k.sagsomraade);
    w.key("prioritet").value(k.prioritet);
    date_member(w, "gyldig_fra", k.gyldig_fra);
    date_member(w, "gyldig_til", k.gyldig_til);
    w.end_object();
  }
}

void write_former(JsonWriter& w, const std::vector<domain::Kontaktform>& former,
                  std::optional<std::int64_t> nr) {
  for (std::size_t i = 0; i < former.size(); ++i) {
    const auto& f = former[i];
    w.begin_object();
    if (nr) w.key("nr").value(*nr);
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
}

// One aggregate's children as the three documents of opret.sql and ret.sql.
struct ChildDocs {
  std::string adresser, kanaler, former;
};

ChildDocs child_docs(const Kontaktdata& data) {
  JsonWriter a, k, f;
  a.begin_array();
  write_adresser(a, data.adresser, std::nullopt);
  a.end_array();
  k.begin_array();
  write_kanaler(k, data.kanaler, std::nullopt);
  k.end_array();
  f.begin_array();
  write_former(f, data.former, std::nullopt);
  f.end_array();
  return {a.str(), k.str(), f.str()};
}

// Parts as a JSON array of {"nr", "part_type", "nummer"}, nr counting from 1.
template <class Range, class GetPart>
std::string parts_json_of(const Range& items, GetPart get_part) {
  JsonWriter w;
  w.begin_array();
  std::int64_t nr = 0;
  for (const auto& item : items) {
    const domain::Part& part = get_part(item);
    w.begin_object();
    w.key("nr").value(++nr);
    w.key("part_type").value(codec::to_db(part.type));
    w.key("nummer").value(part.nummer);
    w.end_object();
  }
  w.end_array();
  return w.str();
}

std::string parts_json(const std::vector<domain::Part>& parts) {
  return parts_json_of(parts, [](const domain::Part& p) -> const domain::Part& { return p; });
}

std::string parts_json(const std::vector<Kontaktdata>& items) {
  return parts_json_of(items, [](const Kontaktdata& kd) -> const domain::Part& { return kd.part; });
}

std::string svar_json(const std::vector<domain::Skriveresultat>& svar) {
  JsonWriter w;
  w.begin_array();
  std::int64_t nr = 0;
  for (const auto& s : svar) {
    w.begin_object();
    w.key("nr").value(++nr);
    w.key("part_type").value(codec::to_db(s.part.type));
    w.key("nummer").value(s.part.nummer);
    w.key("status").value(codec::to_db(s.status));
    w.key("version");
    if (s.version) {
      w.value(*s.version);
    } else {
      w.null();
    }
    w.key("fejl_kode").value(s.fejl_kode);
    w.key("fejl_tekst").value(s.fejl_tekst);
    w.end_object();
  }
  w.end_array();
  return w.str();
}

std::string strings_json(const std::vector<std::string>& values) {
  JsonWriter w;
  w.begin_array();
  for (const auto& v : values) w.value(v);
  w.end_array();
  return w.str();
}

// A postal address as a member of a register cache document: {"form": "DANSK", ...} or
// {"form": "LINJER", "linjer", "landekode"} (migrations/V004__registercache.sql).
void write_postadresse(JsonWriter& w, const domain::Postadresse& adresse) {
  w.begin_object();
  if (const auto* dansk = std::get_if<domain::DanskAdresse>(&adresse)) {
    w.key("form").value("DANSK");
    w.key("vejnavn").value(dansk->vejnavn);
    w.key("husnummer").value(dansk->husnummer);
    if (dansk->etage) w.key("etage").value(*dansk->etage);
    if (dansk->sidedoer) w.key("sidedoer").value(*dansk->sidedoer);
    w.key("postnummer").value(dansk->postnummer);
    w.key("postdistrikt").value(dansk->postdistrikt);
  } else {
    const auto& linjer = std::get<domain::Adresselinjer>(adresse);
    w.key("form").value("LINJER");
    w.key("linjer").begin_array();
    for (const auto& linje : linjer.linjer) w.value(linje);
    w.end_array();
    w.key("landekode").value(linjer.landekode);
  }
  w.end_object();
}

// One register answer as the cache's document: the members of domain::Registerdata under their
// names, an absent one left out (migrations/V004__registercache.sql).
void write_registerdata(JsonWriter& w, const domain::Registerdata& d) {
  auto text = [&](std::string_view key, const std::optional<std::string>& v) {
    if (v) w.key(key).value(*v);
  };
  auto date = [&](std::string_view key, const std::optional<domain::Dato>& v) {
    if (v) w.key(key).value(codec::date_text(*v));
  };
  auto adresse = [&](std::string_view key, const domain::Postadresse& v) {
    w.key(key);
    write_postadresse(w, v);
  };
  w.begin_object();
  w.key("kendt").value(d.kendt);
  text("navn", d.navn);
  if (d.aktuel_adresse) adresse("aktuel_adresse", *d.aktuel_adresse);
  if (d.kontakt_adresse) adresse("kontakt_adresse", *d.kontakt_adresse);
  date("kontakt_adresse_fra", d.kontakt_adresse_fra);
  date("kontakt_adresse_til", d.kontakt_adresse_til);
  if (d.udlandsadresse) adresse("udlandsadresse", *d.udlandsadresse);
  w.key("status").value(d.status);
  text("gaeldende_personnummer", d.gaeldende_personnummer);
  w.key("adressebeskyttelse").value(d.adressebeskyttelse);
  date("beskyttelse_fra", d.beskyttelse_fra);
  date("beskyttelse_til", d.beskyttelse_til);
  w.key("tilmeldt_digitalpost").value(d.tilmeldt_digitalpost);
  if (d.adresse) adresse("adresse", *d.adresse);
  w.key("ophoert").value(d.ophoert);
  w.end_object();
}

// The entries of gem_registercache.sql: {"part_type", "nummer", "hentet", "data"} each.
std::string registercache_json(
    const std::vector<std::pair<domain::Part, domain::Registercachepost>>& poster) {
  JsonWriter w;
  w.begin_array();
  for (const auto& [part, post] : poster) {
    w.begin_object();
    w.key("part_type").value(codec::to_db(part.type));
    w.key("nummer").value(part.nummer);
    w.key("hentet").value(codec::timestamptz_text(post.hentet));
    w.key("data");
    write_registerdata(w, post.data);
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

// Adds one row of laes_aktuel.sql's shape (laes_mange.sql, laes_paa_tidspunkt.sql) to `kd`.
void add_row(const pqxx::row& row, Kontaktdata& kd) {
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

// The aggregate of one part from the rows of laes_aktuel.sql's shape; nullopt when there are none.
std::optional<Kontaktdata> aggregate(const domain::Part& part, const pqxx::result& rows,
                                     std::string_view what) {
  if (rows.empty()) return std::nullopt;
  Kontaktdata kd;
  kd.part = part;
  for (const auto& row : rows) add_row(row, kd);
  if (!kd.registrering) throw std::runtime_error(std::string(what) + ": no registration row");
  return kd;
}

// The address under `prefix` ("aktuel", "kontakt", ...) of a laes_registercache.sql row;
// nullopt when the document has none.
std::optional<domain::Postadresse> postadresse_from(const pqxx::row& row,
                                                    const std::string& prefix) {
  const pqxx::field form = row[prefix + "_form"];
  if (form.is_null()) return std::nullopt;
  const std::string_view text = form.c_str();
  if (text == "DANSK") {
    domain::DanskAdresse d;
    d.vejnavn = row[prefix + "_vejnavn"].as<std::string>();
    d.husnummer = row[prefix + "_husnummer"].as<std::string>();
    d.etage = opt_text(row[prefix + "_etage"]);
    d.sidedoer = opt_text(row[prefix + "_sidedoer"]);
    d.postnummer = row[prefix + "_postnummer"].as<std::string>();
    d.postdistrikt = row[prefix + "_postdistrikt"].as<std::string>();
    return d;
  }
  if (text == "LINJER") {
    domain::Adresselinjer l;
    if (!row[prefix + "_linjer"].is_null()) l.linjer = text_array(row[prefix + "_linjer"]);
    l.landekode = row[prefix + "_landekode"].as<std::string>();
    return l;
  }
  throw std::runtime_error("registercache: unknown address form");
}

// The address under `prefix`, which must be of the form T when present.
template <class T>
std::optional<T> postadresse_from(const pqxx::row& row, const std::string& prefix) {
  auto adresse = postadresse_from(row, prefix);
  if (!adresse) return std::nullopt;
  if (T* value = std::get_if<T>(&*adresse)) return std::move(*value);
  throw std::runtime_error("registercache: wrong address form for " + prefix);
}

// One entry from a row of laes_registercache.sql.
domain::Registercachepost registercachepost_from(const pqxx::row& row) {
  domain::Registercachepost post;
  post.hentet = codec::from_epoch_us(row["hentet_us"].as<std::int64_t>());
  domain::Registerdata& d = post.data;
  auto flag = [&](const char* column) { return !row[column].is_null() && row[column].as<bool>(); };
  d.kendt = flag("kendt");
  d.navn = opt_text(row["navn"]);
  d.aktuel_adresse = postadresse_from<domain::DanskAdresse>(row, "aktuel");
  d.kontakt_adresse = postadresse_from<domain::Adresselinjer>(row, "kontakt");
  d.kontakt_adresse_fra = opt_date(row["kontakt_adresse_fra_dage"]);
  d.kontakt_adresse_til = opt_date(row["kontakt_adresse_til_dage"]);
  d.udlandsadresse = postadresse_from<domain::Adresselinjer>(row, "udland");
  if (!row["status"].is_null()) d.status = row["status"].as<int>();
  d.gaeldende_personnummer = opt_text(row["gaeldende_personnummer"]);
  d.adressebeskyttelse = flag("adressebeskyttelse");
  d.beskyttelse_fra = opt_date(row["beskyttelse_fra_dage"]);
  d.beskyttelse_til = opt_date(row["beskyttelse_til_dage"]);
  d.tilmeldt_digitalpost = flag("tilmeldt_digitalpost");
  d.adresse = postadresse_from(row, "adresse");
  d.ophoert = flag("ophoert");
  return post;
}

domain::Part part_from(const pqxx::row& row) {
  return domain::Part{codec::from_db<domain::Part::Type>(row["part_type"].c_str()),
                      row["nummer"].as<std::string>()};
}

std::string part_type(const domain::Part& part) { return std::string(codec::to_db(part.type)); }

domain::Error part_findes_ikke() {
  return domain::Error(domain::ErrorCode::PartFindesIkke,
                       "kommunen har ingen kontaktdata for parten");
}

domain::Error versionskonflikt() {
  return domain::Error(domain::ErrorCode::Versionskonflikt,
                       "Version er ikke partens gældende version");
}

class PgSession final : public domain::Session {
 public:
  PgSession(ConnectionPool::Lease lease, std::shared_ptr<std::atomic<std::uint64_t>> statements)
      : lease_(std::move(lease)), statements_(std::move(statements)) {
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
      const pqxx::result rows = exec("kaldende_system", user_system_uuid, kommune_cvr);
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
      return exec_for(kommune_cvr, "kommune_findes", kommune_cvr)[0][0].as<bool>();
    });
  }

  std::int64_t opret(const std::string& kommune_cvr, const Kontaktdata& data,
                     const domain::Registrering& registrering) override {
    const std::int64_t version = run("opret", [&]() -> std::int64_t {
      const pqxx::result rows = exec_write(kommune_cvr, "opret", data, registrering);
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
    return run("laes_aktuel", [&] {
      return aggregate(
          part, exec_for(kommune_cvr, "laes_aktuel", kommune_cvr, part_type(part), part.nummer),
          "laes_aktuel");
    });
  }

  std::optional<Kontaktdata> laes_paa_tidspunkt(const std::string& kommune_cvr,
                                                const domain::Part& part,
                                                domain::Tidspunkt t) override {
    return run("laes_paa_tidspunkt", [&] {
      return aggregate(part,
                       exec_for(kommune_cvr, "laes_paa_tidspunkt", kommune_cvr, part_type(part),
                                part.nummer, codec::timestamptz_text(t)),
                       "laes_paa_tidspunkt");
    });
  }

  std::vector<std::optional<Kontaktdata>> laes_mange(
      const std::string& kommune_cvr, const std::vector<domain::Part>& parts) override {
    std::vector<std::optional<Kontaktdata>> out(parts.size());
    if (parts.empty()) return out;
    run("laes_mange", [&] {
      const pqxx::result rows = exec_for(kommune_cvr, "laes_mange", kommune_cvr, parts_json(parts));
      for (const auto& row : rows) {
        const auto nr = row["nr"].as<std::int64_t>();
        if (nr < 1 || static_cast<std::size_t>(nr) > parts.size()) {
          throw std::runtime_error("laes_mange: item number out of range");
        }
        auto& kd = out[static_cast<std::size_t>(nr - 1)];
        if (!kd) {
          kd.emplace();
          kd->part = parts[static_cast<std::size_t>(nr - 1)];
        }
        add_row(row, *kd);
      }
      for (const auto& kd : out) {
        if (kd && !kd->registrering) throw std::runtime_error("laes_mange: no registration row");
      }
    });
    return out;
  }

  std::int64_t ret(const std::string& kommune_cvr, const Kontaktdata& data,
                   std::int64_t forventet_version,
                   const domain::Registrering& registrering) override {
    return run("ret", [&]() -> std::int64_t {
      const pqxx::result rows =
          exec_write(kommune_cvr, "ret", data, registrering, forventet_version);
      if (rows.empty()) throw why_unchanged(kommune_cvr, data.part);
      return rows[0][0].as<std::int64_t>();
    });
  }

  std::int64_t passiver(const std::string& kommune_cvr, const domain::Part& part,
                        std::int64_t forventet_version,
                        const domain::Registrering& registrering) override {
    return run("passiver", [&]() -> std::int64_t {
      const pqxx::result moved = exec_for(kommune_cvr, "passiver_part", kommune_cvr,
                                          part_type(part), part.nummer, forventet_version);
      if (moved.empty()) throw why_unchanged(kommune_cvr, part);
      const auto version = moved[0]["version"].as<std::int64_t>();
      const pqxx::result rows = exec_for(
          kommune_cvr, "passiver_registrering", kommune_cvr, moved[0]["id"].as<std::string>(),
          version, codec::timestamptz_text(registrering.tidspunkt), registrering.user_system_uuid,
          registrering.user_uuid, or_null(registrering.on_behalf_of_user),
          or_null(registrering.note));
      if (rows.empty()) throw std::runtime_error("passiver_registrering: no row");
      return version;
    });
  }

  std::int64_t slet(const std::string& kommune_cvr, const domain::Part& part,
                    domain::Tidspunkt tidspunkt) override {
    return run("slet", [&]() -> std::int64_t {
      const pqxx::result marked =
          exec_for(kommune_cvr, "slet_part", kommune_cvr, part_type(part), part.nummer);
      if (marked.empty()) throw part_findes_ikke();
      const auto version = marked[0]["version"].as<std::int64_t>();
      exec_for(kommune_cvr, "slet_registreringer", kommune_cvr, marked[0]["id"].as<std::string>(),
               version, codec::timestamptz_text(tidspunkt));
      return version;
    });
  }

  std::vector<domain::Skriveresultat> importer(const std::string& kommune_cvr,
                                               const std::vector<Kontaktdata>& items,
                                               const domain::Registrering& registrering) override {
    if (items.empty()) return {};
    return run("importer", [&] {
      const std::string parts = parts_json(items);
      JsonWriter adresser, kanaler, former;
      adresser.begin_array();
      kanaler.begin_array();
      former.begin_array();
      for (std::size_t i = 0; i < items.size(); ++i) {
        const auto nr = static_cast<std::int64_t>(i + 1);
        write_adresser(adresser, items[i].adresser, nr);
        write_kanaler(kanaler, items[i].kanaler, nr);
        write_former(former, items[i].former, nr);
      }
      adresser.end_array();
      kanaler.end_array();
      former.end_array();

      exec_for(kommune_cvr, "importer_laas", kommune_cvr, parts);
      const pqxx::result rows =
          exec_for(kommune_cvr, "importer", kommune_cvr,
                   codec::timestamptz_text(registrering.tidspunkt), registrering.user_system_uuid,
                   registrering.user_uuid, or_null(registrering.on_behalf_of_user),
                   or_null(registrering.note), parts, adresser.str(), kanaler.str(), former.str());
      if (rows.size() != items.size()) throw std::runtime_error("importer: not one row per item");
      std::vector<domain::Skriveresultat> out;
      out.reserve(items.size());
      for (std::size_t i = 0; i < items.size(); ++i) {
        const auto& row = rows[static_cast<pqxx::result::size_type>(i)];
        if (row["nr"].as<std::int64_t>() != static_cast<std::int64_t>(i + 1)) {
          throw std::runtime_error("importer: rows out of order");
        }
        domain::Skriveresultat r;
        r.part = items[i].part;
        r.status = codec::from_db<domain::Livscyklus>(row["livscyklus"].c_str()) ==
                           domain::Livscyklus::Opstaaet
                       ? domain::Skrivestatus::Oprettet
                       : domain::Skrivestatus::Rettet;
        r.version = row["version"].as<std::int64_t>();
        out.push_back(std::move(r));
      }
      return out;
    });
  }

  void log_adgang(const std::string& kommune_cvr, const std::vector<domain::Part>& parts,
                  const domain::Adgangspost& post) override {
    if (parts.empty()) return;
    run("log_adgang", [&] {
      exec_for(kommune_cvr, "log_adgang", kommune_cvr, codec::timestamptz_text(post.tidspunkt),
               std::string(domain::to_string(post.operation)), post.user_system_uuid,
               post.user_uuid, or_null(post.on_behalf_of_user),
               or_null(post.callers_service_call_identifier), parts_json(parts));
    });
  }

  std::vector<domain::Adgangspost> adgangslog(const std::string& kommune_cvr,
                                              const domain::Part& part,
                                              std::optional<domain::Tidspunkt> fra,
                                              std::optional<domain::Tidspunkt> til,
                                              int maks) override {
    std::vector<domain::Adgangspost> out;
    if (maks <= 0) return out;
    return run("adgangslog", [&] {
      const std::optional<std::string> fra_text =
          fra ? std::optional(codec::timestamptz_text(*fra)) : std::nullopt;
      const std::optional<std::string> til_text =
          til ? std::optional(codec::timestamptz_text(*til)) : std::nullopt;
      const pqxx::result rows = exec_for(kommune_cvr, "adgangslog", kommune_cvr, part_type(part),
                                         part.nummer, or_null(fra_text), or_null(til_text), maks);
      out.reserve(rows.size());
      for (const auto& row : rows) {
        domain::Adgangspost p;
        p.tidspunkt = codec::from_epoch_us(row["tidspunkt_us"].as<std::int64_t>());
        p.operation = codec::operation_from_db(row["operation"].c_str());
        p.user_system_uuid = row["user_system_uuid"].as<std::string>();
        p.user_uuid = row["user_uuid"].as<std::string>();
        p.on_behalf_of_user = opt_text(row["on_behalf_of_user"]);
        p.callers_service_call_identifier = opt_text(row["callers_service_call_identifier"]);
        out.push_back(std::move(p));
      }
      return out;
    });
  }

  std::vector<domain::Haendelse> haendelser(const std::string& kommune_cvr,
                                            std::int64_t fra_sekvensnummer, int maks) override {
    std::vector<domain::Haendelse> out;
    if (maks <= 0) return out;
    return run("haendelser", [&] {
      const pqxx::result rows =
          exec_for(kommune_cvr, "haendelser", kommune_cvr, fra_sekvensnummer, maks);
      out.reserve(rows.size());
      for (const auto& row : rows) {
        domain::Haendelse h;
        h.sekvensnummer = row["sekvensnummer"].as<std::int64_t>();
        h.tidspunkt = codec::from_epoch_us(row["tidspunkt_us"].as<std::int64_t>());
        h.part = part_from(row);
        h.type = codec::from_db<domain::Haendelsestype>(row["haendelsestype"].c_str());
        h.version = row["version"].as<std::int64_t>();
        out.push_back(std::move(h));
      }
      return out;
    });
  }

  std::vector<domain::Opgavesprog> opgavesprog(
      const std::string& kommune_cvr, const std::optional<std::string>& sagsomraade) override {
    return run("opgavesprog", [&] {
      std::vector<domain::Opgavesprog> out;
      for (const auto& row :
           exec_for(kommune_cvr, "opgavesprog", kommune_cvr, or_null(sagsomraade))) {
        out.push_back({row["sagsomraade"].as<std::string>(), text_array(row["sprog"])});
      }
      return out;
    });
  }

  void ret_opgavesprog(const std::string& kommune_cvr, const domain::Opgavesprog& regel) override {
    run("ret_opgavesprog", [&] {
      if (regel.sprog.empty()) {
        exec_for(kommune_cvr, "slet_opgavesprog", kommune_cvr, regel.sagsomraade);
      } else {
        exec_for(kommune_cvr, "ret_opgavesprog", kommune_cvr, regel.sagsomraade,
                 strings_json(regel.sprog));
      }
    });
  }

  std::optional<std::vector<domain::Skriveresultat>> reserver_idempotens(
      const std::string& kommune_cvr, const std::string& user_system_uuid,
      const std::string& noegle, domain::Operation operation, domain::Tidspunkt nu,
      domain::Tidspunkt gyldig_fra) override {
    return run("reserver_idempotens", [&]() -> std::optional<std::vector<domain::Skriveresultat>> {
      const pqxx::result reserved =
          exec_for(kommune_cvr, "reserver_idempotens", user_system_uuid, noegle,
                   std::string(domain::to_string(operation)), codec::timestamptz_text(nu),
                   codec::timestamptz_text(gyldig_fra), kommune_cvr);
      if (!reserved.empty()) return std::nullopt;
      const pqxx::result rows =
          exec_for(kommune_cvr, "idempotens_svar", user_system_uuid, noegle, kommune_cvr);
      if (rows.empty()) throw std::runtime_error("idempotens_svar: no stored answer");
      std::vector<domain::Skriveresultat> svar;
      for (const auto& row : rows) {
        if (row["nr"].is_null()) continue;  // the answer is an empty list
        domain::Skriveresultat r;
        r.part = part_from(row);
        r.status = codec::from_db<domain::Skrivestatus>(row["status"].c_str());
        if (!row["version"].is_null()) r.version = row["version"].as<std::int64_t>();
        r.fejl_kode = opt_text(row["fejl_kode"]);
        r.fejl_tekst = opt_text(row["fejl_tekst"]);
        svar.push_back(std::move(r));
      }
      return svar;
    });
  }

  void gem_idempotens(const std::string& kommune_cvr, const std::string& user_system_uuid,
                      const std::string& noegle,
                      const std::vector<domain::Skriveresultat>& svar) override {
    run("gem_idempotens", [&] {
      if (exec_for(kommune_cvr, "gem_idempotens", user_system_uuid, noegle, svar_json(svar),
                   kommune_cvr)
              .empty()) {
        throw std::runtime_error("gem_idempotens: the key is not reserved");
      }
    });
  }

  std::vector<std::optional<domain::Registercachepost>> laes_registercache(
      const std::vector<domain::Part>& parts, domain::Tidspunkt hentet_fra) override {
    std::vector<std::optional<domain::Registercachepost>> out(parts.size());
    if (parts.empty()) return out;
    run("laes_registercache", [&] {
      const pqxx::result rows =
          exec("laes_registercache", parts_json(parts), codec::timestamptz_text(hentet_fra));
      for (const auto& row : rows) {
        const auto nr = row["nr"].as<std::int64_t>();
        if (nr < 1 || static_cast<std::size_t>(nr) > parts.size()) {
          throw std::runtime_error("laes_registercache: item number out of range");
        }
        out[static_cast<std::size_t>(nr - 1)] = registercachepost_from(row);
      }
    });
    return out;
  }

  void gem_registercache(
      const std::vector<std::pair<domain::Part, domain::Registercachepost>>& poster) override {
    if (poster.empty()) return;
    run("gem_registercache", [&] { exec("gem_registercache", registercache_json(poster)); });
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

  // One prepared statement, one round trip (counted for PgStore::statements()).
  template <class... Args>
  pqxx::result exec(const char* name, Args&&... args) {
    // libpqxx 6.4 would run it outside any transaction; a unit of work ends at its commit.
    if (committed_) throw std::logic_error("the session was used after its commit");
    statements_->fetch_add(1, std::memory_order_relaxed);
    return work_->exec_prepared(name, std::forward<Args>(args)...);
  }

  // One statement on a municipality's data: the transaction's tenant is set first (one more round
  // trip, once per transaction), so that PostgreSQL's row-level security lets this statement see
  // and write that municipality's rows only, whatever its WHERE clause says.
  template <class... Args>
  pqxx::result exec_for(const std::string& kommune_cvr, const char* name, Args&&... args) {
    if (tenant_ != kommune_cvr) {
      exec("saet_kommune", kommune_cvr);
      tenant_ = kommune_cvr;
    }
    return exec(name, std::forward<Args>(args)...);
  }

  // opret.sql or ret.sql, whose $1..$13 are the same (the municipality, the part, the
  // registration, the three child documents, the event type); ret.sql adds the expected version.
  template <class... Extra>
  pqxx::result exec_write(const std::string& kommune_cvr, const char* name, const Kontaktdata& data,
                          const domain::Registrering& registrering, Extra&&... extra) {
    const ChildDocs docs = child_docs(data);
    return exec_for(
        kommune_cvr, name, kommune_cvr, part_type(data.part), data.part.nummer,
        codec::timestamptz_text(registrering.tidspunkt),
        std::string(codec::to_db(registrering.livscyklus)), registrering.user_system_uuid,
        registrering.user_uuid, or_null(registrering.on_behalf_of_user), or_null(registrering.note),
        docs.adresser, docs.kanaler, docs.former,
        std::string(codec::haendelsestype(registrering.livscyklus)), std::forward<Extra>(extra)...);
  }

  // Why a guarded write (ret.sql, passiver_part.sql) changed nothing: PART_FINDES_IKKE when the
  // municipality holds no active part, else VERSIONSKONFLIKT.
  domain::Error why_unchanged(const std::string& kommune_cvr, const domain::Part& part) {
    const pqxx::result rows =
        exec_for(kommune_cvr, "part_tilstand", kommune_cvr, part_type(part), part.nummer);
    if (rows.empty() || std::string_view(rows[0]["tilstand"].c_str()) != "AKTIV") {
      return part_findes_ikke();
    }
    return versionskonflikt();
  }

  ConnectionPool::Lease lease_;
  std::shared_ptr<std::atomic<std::uint64_t>> statements_;
  std::optional<pqxx::work> work_;  // destroyed before lease_ gives the connection back
  bool committed_ = false;
  std::string tenant_;  // the municipality set for this transaction (saet_kommune.sql)
};

}  // namespace

void prepare_queries(pqxx::connection& conn) {
  for (const SqlFile& f : sql_files()) {
    if (f.name.substr(0, kQueryPrefix.size()) != kQueryPrefix) continue;
    conn.prepare(std::string(stem(f.name)), std::string(f.text));
  }
}

PgStore::PgStore(std::string dsn, std::size_t pool_size, std::chrono::milliseconds acquire_timeout)
    : pool_(ConnectionPool::create(std::move(dsn), pool_size, prepare_queries, acquire_timeout)),
      statements_(std::make_shared<std::atomic<std::uint64_t>>(0)) {}

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
      return std::make_unique<PgSession>(std::move(*lease), statements_);
    } catch (...) {
      if (reused && attempt < pool_->capacity() && classify_current_exception().connection_lost) {
        continue;
      }
      rethrow_translated("begin");
    }
  }
}

std::uint64_t PgStore::statements() const noexcept {
  return statements_->load(std::memory_order_relaxed);
}

}  // namespace kontaktdata::store
