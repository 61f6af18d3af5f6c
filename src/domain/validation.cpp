#include "domain/validation.hpp"

#include <phonenumbers/phonenumberutil.h>

#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <boost/uuid/uuid.hpp>
#include <boost/uuid/uuid_generators.hpp>
#include <boost/uuid/uuid_io.hpp>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

#include "domain/error.hpp"

namespace kontaktdata::domain {

namespace {

constexpr std::size_t kMaksEmail = 254;
constexpr std::size_t kMaksAdresselinjer = 5;

// Debian's iso-codes package (installed by deploy/install-deps.sh).
constexpr const char* kIso639Fil = "/usr/share/iso-codes/json/iso_639-3.json";
constexpr const char* kIso3166Fil = "/usr/share/iso-codes/json/iso_3166-1.json";

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

// The ISO code lists, read once from iso-codes.
struct Kodelister {
  std::map<std::string, std::string, std::less<>> sprog;  // 639-1 and 639-3 code -> canonical
  std::set<std::string, std::less<>> lande;               // 3166-1 alpha-2
};

boost::property_tree::ptree laes_json(const char* fil) {
  boost::property_tree::ptree tree;
  boost::property_tree::read_json(fil, tree);
  return tree;
}

Kodelister indlaes_kodelister_fra_filer() {
  Kodelister k;
  try {
    const auto sprog = laes_json(kIso639Fil);
    for (const auto& post : sprog.get_child("639-3")) {
      const auto alpha_3 = post.second.get<std::string>("alpha_3");
      const auto alpha_2 = post.second.get_optional<std::string>("alpha_2");
      k.sprog.emplace(alpha_3, alpha_2 ? *alpha_2 : alpha_3);
      if (alpha_2) k.sprog.emplace(*alpha_2, *alpha_2);
    }
    const auto lande = laes_json(kIso3166Fil);
    for (const auto& post : lande.get_child("3166-1")) {
      k.lande.insert(post.second.get<std::string>("alpha_2"));
    }
  } catch (const boost::property_tree::ptree_error& e) {
    // A server without its code lists must not start refusing every language as the caller's
    // error: this is ours, and says which file.
    throw std::runtime_error(std::string("iso-codes kan ikke læses (") + kIso639Fil + ", " +
                             kIso3166Fil + "): " + e.what());
  }
  if (k.sprog.empty() || k.lande.empty()) {
    throw std::runtime_error(std::string("iso-codes er tomme: ") + kIso639Fil + ", " + kIso3166Fil);
  }
  return k;
}

const Kodelister& kodelister() {
  // A function-local static is initialised once and thread-safely; if loading throws, the next
  // call tries again.
  static const Kodelister lister = indlaes_kodelister_fra_filer();
  return lister;
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

void indlaes_kodelister() { kodelister(); }

std::string canonical_sprog(std::string_view sprog) {
  const auto& lister = kodelister();
  const auto found = lister.sprog.find(sprog);
  return found == lister.sprog.end() ? std::string(sprog) : found->second;
}

std::string validate_sprog(std::string_view sprog, std::string_view element) {
  if (sprog.size() < 2 || sprog.size() > 3) {
    fejl(ErrorCode::UgyldigSprog, element, "skal være en ISO 639-kode på 2 eller 3 bogstaver");
  }
  for (char c : sprog) {
    if (!is_lower(c)) fejl(ErrorCode::UgyldigSprog, element, "skal skrives med små bogstaver a-z");
  }
  const auto& lister = kodelister();
  const auto found = lister.sprog.find(sprog);
  if (found == lister.sprog.end()) {
    fejl(ErrorCode::UgyldigSprog, element, "er ikke en kendt ISO 639-1- eller 639-3-kode");
  }
  return found->second;
}

void validate_landekode(std::string_view landekode, std::string_view element) {
  if (landekode.size() != 2 || !is_upper(landekode[0]) || !is_upper(landekode[1])) {
    fejl(ErrorCode::UgyldigVaerdi, element,
         "skal være en ISO 3166-1 alpha-2-kode med store bogstaver");
  }
  if (kodelister().lande.count(landekode) == 0) {
    fejl(ErrorCode::UgyldigVaerdi, element, "er ikke en kendt ISO 3166-1 alpha-2-kode");
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
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  // libphonenumber also reads letters ("1-800-FLOWERS"), "tel:" URIs and extensions; none of
  // them belongs in a number the service texts or calls, so only what people write numbers with
  // gets that far: digits, spaces, hyphens and one leading +.
  bool foer_foerste_tegn = true;
  bool har_ciffer = false;
  for (char c : mobilnummer) {
    const bool plus_foerst = c == '+' && foer_foerste_tegn;
    if (!is_digit(c) && c != ' ' && c != '-' && !plus_foerst) {
      fejl(ErrorCode::UgyldigVaerdi, element,
           "må kun indeholde cifre, mellemrum, bindestreger og et indledende +");
    }
    if (c != ' ') foer_foerste_tegn = false;
    har_ciffer = har_ciffer || is_digit(c);
  }
  if (!har_ciffer) fejl(ErrorCode::UgyldigVaerdi, element, "mangler");

  // Any valid number is accepted, also one that libphonenumber types as FIXED_LINE: Danish
  // numbers are mostly FIXED_LINE_OR_MOBILE anyway, and whether an SMS channel pointed at a
  // landline reaches anyone is the caller's business, not a rule of the contract. The default
  // region DK makes a bare 8-digit number Danish.
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumber nummer;
  if (util.Parse(std::string(mobilnummer), "DK", &nummer) != PhoneNumberUtil::NO_PARSING_ERROR ||
      nummer.has_extension() || !util.IsValidNumber(nummer)) {
    fejl(ErrorCode::UgyldigVaerdi, element,
         "er ikke et gyldigt telefonnummer (E.164 med +landekode, eller 8 cifre for et dansk "
         "nummer)");
  }
  std::string e164;
  util.Format(nummer, PhoneNumberUtil::E164, &e164);
  return e164;
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
    what += to_string(adresse.type);
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
        what += to_string(kanal.kanal);
        what += " skal pege på en adresse af typen ";
        what += to_string(skal_vaere);
        fejl(ErrorCode::UgyldigReference, path + "/AdresseID", what);
      }
    } else if (kraever_adresse(kanal.kanal)) {
      std::string what = "kræves for Kanal ";
      what += to_string(kanal.kanal);
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
