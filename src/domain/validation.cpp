#include "domain/validation.hpp"

#include <boost/uuid/uuid.hpp>
#include <boost/uuid/uuid_generators.hpp>
#include <boost/uuid/uuid_io.hpp>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <variant>

#include "domain/error.hpp"

namespace kontaktdata::domain {

namespace {

constexpr std::size_t kMaksEmail = 254;
constexpr std::size_t kMaksAdresselinjer = 5;

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_lower(char c) noexcept { return c >= 'a' && c <= 'z'; }
bool is_upper(char c) noexcept { return c >= 'A' && c <= 'Z'; }
bool is_hex_lower(char c) noexcept { return is_digit(c) || (c >= 'a' && c <= 'f'); }

bool all_digits(std::string_view s) noexcept {
  for (char c : s) {
    if (!is_digit(c)) return false;
  }
  return true;
}

int two_digits(std::string_view s, std::size_t at) noexcept {
  return (s[at] - '0') * 10 + (s[at + 1] - '0');
}

bool is_blank(std::string_view s) noexcept {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  }
  return true;
}

[[noreturn]] void fejl(ErrorCode code, std::string_view element, std::string_view what) {
  std::string text(element);
  text += ": ";
  text += what;
  throw Error(code, text);
}

std::string sti(std::string_view parent, std::size_t index, std::string_view child = {}) {
  std::string path(parent);
  path += '[';
  path += std::to_string(index + 1);
  path += ']';
  if (!child.empty()) {
    path += '/';
    path += child;
  }
  return path;
}

bool is_leap_year(int aar) noexcept { return (aar % 4 == 0 && aar % 100 != 0) || aar % 400 == 0; }

int days_in_month(int aar, int maaned) noexcept {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return maaned == 2 && is_leap_year(aar) ? 29 : kDays[maaned - 1];
}

// The century of a CPR number's YY from its 7th digit (CPR's own table).
int cpr_aar(int yy, int syvende) noexcept {
  if (syvende <= 3) return 1900 + yy;
  if (syvende == 4 || syvende == 9) return yy <= 36 ? 2000 + yy : 1900 + yy;
  return yy <= 57 ? 2000 + yy : 1800 + yy;  // 5-8
}

const char* navn(Adressetype type) noexcept {
  switch (type) {
    case Adressetype::Postadresse:
      return "POSTADRESSE";
    case Adressetype::Email:
      return "EMAIL";
    case Adressetype::Mobiltelefon:
      return "MOBILTELEFON";
    case Adressetype::DigitalPost:
      return "DIGITAL_POST";
  }
  return "?";
}

const char* navn(Kanal kanal) noexcept {
  switch (kanal) {
    case Kanal::DigitalPost:
      return "DIGITAL_POST";
    case Kanal::Brevpost:
      return "BREVPOST";
    case Kanal::Email:
      return "EMAIL";
    case Kanal::Sms:
      return "SMS";
    case Kanal::Telefon:
      return "TELEFON";
    case Kanal::PersonligtFremmoede:
      return "PERSONLIGT_FREMMOEDE";
  }
  return "?";
}

void validate_prioritet(int prioritet, const std::optional<std::string>& sagsomraade,
                        std::set<std::pair<std::string, int>>& brugte, std::string_view element) {
  if (prioritet < 1) fejl(ErrorCode::UgyldigVaerdi, element, "skal være 1 eller større");
  // An absent scope ("all case areas") is its own scope; no KLE number is empty.
  if (!brugte.emplace(sagsomraade.value_or(std::string()), prioritet).second) {
    fejl(ErrorCode::UgyldigVaerdi, element, "bruges allerede i samme sagsområde");
  }
}

}  // namespace

// ---- Identifiers -------------------------------------------------------------------------

Dato cpr_foedselsdato(std::string_view cpr, std::string_view element) {
  if (cpr.size() != 10 || !all_digits(cpr)) {
    fejl(ErrorCode::UgyldigCpr, element, "skal være 10 cifre uden bindestreg");
  }
  Dato dato;
  dato.dag = two_digits(cpr, 0);
  dato.maaned = two_digits(cpr, 2);
  dato.aar = cpr_aar(two_digits(cpr, 4), cpr[6] - '0');
  if (!is_valid_dato(dato)) fejl(ErrorCode::UgyldigCpr, element, "ugyldig dato");
  return dato;
}

void validate_cpr(std::string_view cpr, std::string_view element) {
  cpr_foedselsdato(cpr, element);
}

bool is_valid_cpr(std::string_view cpr) noexcept {
  if (cpr.size() != 10 || !all_digits(cpr)) return false;
  const Dato dato{cpr_aar(two_digits(cpr, 4), cpr[6] - '0'), two_digits(cpr, 2),
                  two_digits(cpr, 0)};
  return is_valid_dato(dato);
}

bool is_valid_cvr(std::string_view cvr) noexcept {
  static constexpr int kWeights[] = {2, 7, 6, 5, 4, 3, 2, 1};
  if (cvr.size() != 8 || !all_digits(cvr) || cvr[0] == '0') return false;
  int sum = 0;
  for (std::size_t i = 0; i < cvr.size(); ++i) sum += kWeights[i] * (cvr[i] - '0');
  return sum % 11 == 0;
}

void validate_cvr(std::string_view cvr, std::string_view element) {
  if (cvr.size() != 8 || !all_digits(cvr))
    fejl(ErrorCode::UgyldigCvr, element, "skal være 8 cifre");
  if (cvr[0] == '0') fejl(ErrorCode::UgyldigCvr, element, "første ciffer må ikke være 0");
  if (!is_valid_cvr(cvr)) fejl(ErrorCode::UgyldigCvr, element, "fejl i kontrolciffer (modulus 11)");
}

void validate_part(const Part& part) {
  if (part.type == Part::Type::Cpr) {
    validate_cpr(part.nummer, "CPRNummer");
  } else {
    validate_cvr(part.nummer, "CVRNummer");
  }
}

bool is_valid_part(const Part& part) noexcept {
  return part.type == Part::Type::Cpr ? is_valid_cpr(part.nummer) : is_valid_cvr(part.nummer);
}

void validate_kommune_cvr(std::string_view municipality_cvr) {
  validate_cvr(municipality_cvr, "MunicipalityCVR");
}

bool is_valid_uuid(std::string_view value) noexcept {
  if (value.size() != 36) return false;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? value[i] != '-' : !is_hex_lower(value[i])) return false;
  }
  return true;
}

void validate_uuid(std::string_view value, std::string_view element) {
  if (!is_valid_uuid(value)) {
    fejl(ErrorCode::UgyldigVaerdi, element,
         "skal være et UUID med små bogstaver (8-4-4-4-12 hexcifre)");
  }
}

std::string ny_adresse_id() {
  // One generator per thread: boost's random_generator is not thread-safe, and seeding it
  // from the system's entropy on every call would be wasteful.
  thread_local boost::uuids::random_generator generator;
  return boost::uuids::to_string(generator());  // lower case
}

// ---- Languages, countries, contact values -------------------------------------------------

std::string canonical_sprog(std::string_view sprog) { return std::string(sprog); }

std::string validate_sprog(std::string_view sprog, std::string_view element) {
  if (sprog.size() < 2 || sprog.size() > 3) {
    fejl(ErrorCode::UgyldigSprog, element, "skal være en ISO 639-kode på 2 eller 3 bogstaver");
  }
  for (char c : sprog) {
    if (!is_lower(c)) fejl(ErrorCode::UgyldigSprog, element, "skal skrives med små bogstaver a-z");
  }
  return canonical_sprog(sprog);
}

void validate_landekode(std::string_view landekode, std::string_view element) {
  if (landekode.size() != 2 || !is_upper(landekode[0]) || !is_upper(landekode[1])) {
    fejl(ErrorCode::UgyldigVaerdi, element,
         "skal være en ISO 3166-1 alpha-2-kode med store bogstaver");
  }
}

void validate_email(std::string_view email, std::string_view element) {
  if (email.empty() || email.size() > kMaksEmail) {
    fejl(ErrorCode::UgyldigVaerdi, element, "skal være 1-254 tegn");
  }
  for (char c : email) {
    if (static_cast<unsigned char>(c) <= ' ' || c == '\x7f') {
      fejl(ErrorCode::UgyldigVaerdi, element, "må ikke indeholde mellemrum eller kontroltegn");
    }
  }
  const auto at = email.find('@');
  if (at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos) {
    fejl(ErrorCode::UgyldigVaerdi, element, "skal indeholde netop ét @");
  }
  if (at == 0) fejl(ErrorCode::UgyldigVaerdi, element, "mangler delen før @");
  const std::string_view domain = email.substr(at + 1);
  if (domain.find('.') == std::string_view::npos) {
    fejl(ErrorCode::UgyldigVaerdi, element, "domænet skal indeholde et punktum");
  }
  std::size_t start = 0;
  while (true) {
    const auto dot = domain.find('.', start);
    const auto label = domain.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (label.empty()) fejl(ErrorCode::UgyldigVaerdi, element, "domænet har en tom del");
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
}

std::string normalise_mobilnummer(std::string_view mobilnummer, std::string_view element) {
  // Spaces are how people write numbers ("+45 12 34 56 78"); accepting and removing them costs
  // nothing and stores one form. Anything else but digits and a leading + is refused.
  std::string compact;
  compact.reserve(mobilnummer.size());
  for (char c : mobilnummer) {
    if (c != ' ') compact += c;
  }
  if (!compact.empty() && compact[0] == '+') {
    const std::string_view digits = std::string_view(compact).substr(1);
    if (digits.size() < 8 || digits.size() > 15 || !all_digits(digits) || digits[0] == '0') {
      fejl(ErrorCode::UgyldigVaerdi, element,
           "skal være E.164: + og 8-15 cifre (landekoden begynder ikke med 0)");
    }
    return compact;
  }
  if (compact.size() == 8 && all_digits(compact)) return "+45" + compact;
  fejl(ErrorCode::UgyldigVaerdi, element,
       "skal være E.164 (+ og 8-15 cifre) eller et dansk nummer på 8 cifre");
}

void validate_postnummer(std::string_view postnummer, std::string_view element) {
  if (postnummer.size() != 4 || !all_digits(postnummer)) {
    fejl(ErrorCode::UgyldigVaerdi, element, "skal være 4 cifre");
  }
}

// ---- Dates ---------------------------------------------------------------------------------

bool is_valid_dato(const Dato& dato) noexcept {
  if (dato.aar < 1 || dato.aar > 9999 || dato.maaned < 1 || dato.maaned > 12) return false;
  return dato.dag >= 1 && dato.dag <= days_in_month(dato.aar, dato.maaned);
}

void validate_dato(const Dato& dato, std::string_view element) {
  if (!is_valid_dato(dato)) fejl(ErrorCode::UgyldigVaerdi, element, "ugyldig dato");
}

void validate_gyldighed(const std::optional<Dato>& gyldig_fra,
                        const std::optional<Dato>& gyldig_til, std::string_view element) {
  const std::string prefix = element.empty() ? std::string() : std::string(element) + "/";
  if (gyldig_fra) validate_dato(*gyldig_fra, prefix + "GyldigFra");
  if (gyldig_til) validate_dato(*gyldig_til, prefix + "GyldigTil");
  if (gyldig_fra && gyldig_til && !(*gyldig_fra < *gyldig_til)) {
    fejl(ErrorCode::UgyldigVaerdi, prefix + "GyldigTil", "skal ligge efter GyldigFra");
  }
}

// ---- The aggregate -------------------------------------------------------------------------

void validate_postadresse(const Postadresse& adresse, std::string_view element) {
  const std::string base(element);
  if (const auto* dansk = std::get_if<DanskAdresse>(&adresse)) {
    const std::string path = base + "/DanskAdresse";
    if (is_blank(dansk->vejnavn)) fejl(ErrorCode::UgyldigVaerdi, path + "/Vejnavn", "mangler");
    if (is_blank(dansk->husnummer)) fejl(ErrorCode::UgyldigVaerdi, path + "/Husnummer", "mangler");
    validate_postnummer(dansk->postnummer, path + "/Postnummer");
    if (is_blank(dansk->postdistrikt)) {
      fejl(ErrorCode::UgyldigVaerdi, path + "/Postdistrikt", "mangler");
    }
    return;
  }
  const auto& linjer = std::get<Adresselinjer>(adresse);
  const std::string path = base + "/Adresselinjer";
  if (linjer.linjer.empty() || linjer.linjer.size() > kMaksAdresselinjer) {
    fejl(ErrorCode::UgyldigVaerdi, path, "skal have 1-5 Adresselinje");
  }
  for (std::size_t i = 0; i < linjer.linjer.size(); ++i) {
    if (is_blank(linjer.linjer[i])) fejl(ErrorCode::UgyldigVaerdi, sti(path, i, {}), "er tom");
  }
  validate_landekode(linjer.landekode, path + "/Landekode");
}

void validate_kontaktadresse(Kontaktadresse& adresse, std::string_view element) {
  const std::string base(element);
  if (!adresse.adresse_id.empty()) validate_uuid(adresse.adresse_id, base + "/AdresseID");

  const bool har_post = adresse.postadresse.has_value();
  const bool har_email = adresse.email.has_value();
  const bool har_mobil = adresse.mobilnummer.has_value();
  const bool passer =
      (adresse.type == Adressetype::Postadresse && har_post && !har_email && !har_mobil) ||
      (adresse.type == Adressetype::Email && !har_post && har_email && !har_mobil) ||
      (adresse.type == Adressetype::Mobiltelefon && !har_post && !har_email && har_mobil) ||
      (adresse.type == Adressetype::DigitalPost && !har_post && !har_email && !har_mobil);
  if (!passer) {
    std::string what = "Adressetype ";
    what += navn(adresse.type);
    switch (adresse.type) {
      case Adressetype::Postadresse:
        what += " skal have Postadresse og intet andet";
        break;
      case Adressetype::Email:
        what += " skal have Email og intet andet";
        break;
      case Adressetype::Mobiltelefon:
        what += " skal have Mobilnummer og intet andet";
        break;
      case Adressetype::DigitalPost:
        what += " har ingen adresseværdi (CPR-/CVR-nummeret er adressen)";
        break;
    }
    fejl(ErrorCode::UgyldigVaerdi, base, what);
  }

  if (har_post) validate_postadresse(*adresse.postadresse, base + "/Postadresse");
  if (har_email) validate_email(*adresse.email, base + "/Email");
  if (har_mobil) {
    adresse.mobilnummer = normalise_mobilnummer(*adresse.mobilnummer, base + "/Mobilnummer");
  }
  validate_gyldighed(adresse.gyldig_fra, adresse.gyldig_til, base);
}

Adressetype passende_adressetype(Kanal kanal) noexcept {
  switch (kanal) {
    case Kanal::Sms:
    case Kanal::Telefon:
      return Adressetype::Mobiltelefon;
    case Kanal::Email:
      return Adressetype::Email;
    case Kanal::Brevpost:
    case Kanal::PersonligtFremmoede:
      return Adressetype::Postadresse;
    case Kanal::DigitalPost:
      return Adressetype::DigitalPost;
  }
  return Adressetype::DigitalPost;
}

bool kraever_adresse(Kanal kanal) noexcept {
  return kanal == Kanal::Brevpost || kanal == Kanal::Email || kanal == Kanal::Sms ||
         kanal == Kanal::Telefon;
}

void validate_and_normalise(Kontaktdata& data) {
  validate_part(data.part);
  data.version.reset();
  data.registrering.reset();

  // Only the IDs the caller chose can be named by a channel of the same request.
  std::map<std::string, Adressetype, std::less<>> adresser;
  for (std::size_t i = 0; i < data.adresser.size(); ++i) {
    auto& adresse = data.adresser[i];
    const std::string path = sti("Kontaktadresse", i);
    adresse.tilbageholdt.reset();
    validate_kontaktadresse(adresse, path);
    if (!adresse.adresse_id.empty() && !adresser.emplace(adresse.adresse_id, adresse.type).second) {
      fejl(ErrorCode::UgyldigVaerdi, path + "/AdresseID", "bruges af en anden Kontaktadresse");
    }
  }

  std::set<std::pair<std::string, int>> kanal_prioriteter;
  for (std::size_t i = 0; i < data.kanaler.size(); ++i) {
    const auto& kanal = data.kanaler[i];
    const std::string path = sti("Kontaktkanal", i);
    if (kanal.adresse_id) {
      validate_uuid(*kanal.adresse_id, path + "/AdresseID");
      const auto found = adresser.find(*kanal.adresse_id);
      if (found == adresser.end()) {
        fejl(ErrorCode::UgyldigReference, path + "/AdresseID",
             "navngiver ingen Kontaktadresse med dette AdresseID");
      }
      const Adressetype skal_vaere = passende_adressetype(kanal.kanal);
      if (found->second != skal_vaere) {
        std::string what = "Kanal ";
        what += navn(kanal.kanal);
        what += " skal pege på en adresse af typen ";
        what += navn(skal_vaere);
        fejl(ErrorCode::UgyldigReference, path + "/AdresseID", what);
      }
    } else if (kraever_adresse(kanal.kanal)) {
      std::string what = "kræves for Kanal ";
      what += navn(kanal.kanal);
      fejl(ErrorCode::UgyldigReference, path + "/AdresseID", what);
    }
    if (kanal.sagsomraade) validate_sagsomraade(*kanal.sagsomraade, path + "/Sagsomraade");
    validate_prioritet(kanal.prioritet, kanal.sagsomraade, kanal_prioriteter, path + "/Prioritet");
    validate_gyldighed(kanal.gyldig_fra, kanal.gyldig_til, path);
  }

  std::set<std::pair<std::string, int>> form_prioriteter;
  for (std::size_t i = 0; i < data.former.size(); ++i) {
    auto& form = data.former[i];
    const std::string path = sti("Kontaktform", i);
    form.sprog = validate_sprog(form.sprog, path + "/Sprog");
    if (form.tolkesprog) form.tolkesprog = validate_sprog(*form.tolkesprog, path + "/Tolkesprog");
    if (form.sagsomraade) validate_sagsomraade(*form.sagsomraade, path + "/Sagsomraade");
    validate_prioritet(form.prioritet, form.sagsomraade, form_prioriteter, path + "/Prioritet");
  }

  // Fresh IDs last, so that none of them can satisfy a reference above.
  for (auto& adresse : data.adresser) {
    if (!adresse.adresse_id.empty()) continue;
    std::string id;
    do {
      id = ny_adresse_id();
    } while (adresser.count(id) != 0);
    adresser.emplace(id, adresse.type);
    adresse.adresse_id = std::move(id);
  }
}

}  // namespace kontaktdata::domain
