#include "domain/kontaktanvisning.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <string_view>
#include <utility>

#include "domain/kle.hpp"
#include "domain/validation.hpp"

namespace kontaktdata::domain {
namespace {

namespace chr = std::chrono;

Dato til_dato(chr::sys_days dag) noexcept {
  const chr::year_month_day ymd{dag};
  return Dato{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
              static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

std::string dato_tekst(const Dato& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.aar, d.maaned, d.dag);
  return buf;
}

// The instant 18 calendar months before `instant` (UTC calendar, time of day kept; a day that
// the earlier month lacks becomes its last day: 31 August -> 28/29 February).
Tidspunkt atten_maaneder_foer(Tidspunkt instant) noexcept {
  const auto dag = chr::floor<chr::days>(instant);
  const chr::year_month_day ymd{dag};
  const chr::year_month ym = chr::year_month{ymd.year(), ymd.month()} - chr::months{18};
  const chr::day sidste =
      chr::year_month_day_last{ym.year(), chr::month_day_last{ym.month()}}.day();
  const chr::day d = std::min(ymd.day(), sidste);
  return Tidspunkt{chr::sys_days{ym / d}} + (instant - dag);
}

// The level of a stored scope: 0 for "all case areas".
int niveau(const std::optional<std::string>& scope) noexcept {
  return scope ? sagsomraade_niveau(*scope) : 0;
}

// Without a case area only unscoped elements apply.
bool matcher(const std::optional<std::string>& scope,
             const std::optional<std::string>& sagsomraade) noexcept {
  if (!scope) return true;
  return sagsomraade && scope_matches(*scope, *sagsomraade);
}

std::string scope_begrundelse(const char* hvad, const std::optional<std::string>& scope) {
  if (!scope) return "gælder alle sagsområder";
  return std::string(hvad) + " for sagsområde " + *scope;
}

std::string smaa_bogstaver(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "Never listed twice": the same Kanal with the same address value (email case-insensitively).
// Channels without a value are the same unless they name different stored addresses (a
// PERSONLIGT_FREMMOEDE whose address is withheld); DIGITAL_POST is one channel whatever names it.
bool samme_kanal(const AnvisningKanal& a, const AnvisningKanal& b) {
  if (a.kanal != b.kanal) return false;
  const bool a_vaerdi = a.email || a.mobilnummer || a.postadresse;
  const bool b_vaerdi = b.email || b.mobilnummer || b.postadresse;
  if (a_vaerdi != b_vaerdi) return false;
  if (!a_vaerdi) return a.kanal == Kanal::DigitalPost || a.adresse_id == b.adresse_id;
  if (a.email || b.email) {
    return a.email && b.email && smaa_bogstaver(*a.email) == smaa_bogstaver(*b.email);
  }
  return a.mobilnummer == b.mobilnummer && a.postadresse == b.postadresse;
}

void tilfoej(std::vector<AnvisningKanal>& kanaler, AnvisningKanal kanal) {
  for (const auto& k : kanaler) {
    if (samme_kanal(k, kanal)) return;
  }
  kanal.prioritet = static_cast<int>(kanaler.size()) + 1;
  kanaler.push_back(std::move(kanal));
}

struct Valgt {
  const Kontaktkanal* kanal;
  const Kontaktadresse* adresse;
};

const Kontaktadresse* find_adresse(const Kontaktdata& data, const std::string& id) {
  for (const auto& a : data.adresser) {
    if (a.adresse_id == id) return &a;
  }
  return nullptr;
}

// Rule 1: the usable stored channels of the most specific matching scope, by Prioritet.
std::vector<Valgt> vaelg_kanaler(const Kontaktdata& data, const std::optional<std::string>& omr,
                                 const Dato& dato, bool fortrolig, bool postadresser_skjult) {
  std::vector<Valgt> brugbare;
  for (const auto& k : data.kanaler) {
    if (!matcher(k.sagsomraade, omr)) continue;
    if (!gyldig_paa(k.gyldig_fra, k.gyldig_til, dato)) continue;
    if (fortrolig && (k.kanal == Kanal::Email || k.kanal == Kanal::Sms)) continue;
    const Kontaktadresse* a = nullptr;
    if (k.adresse_id) {
      a = find_adresse(data, *k.adresse_id);
      if (a == nullptr || a->type != passende_adressetype(k.kanal)) continue;
      if (!gyldig_paa(a->gyldig_fra, a->gyldig_til, dato)) continue;
    } else if (kraever_adresse(k.kanal)) {
      continue;
    }
    if (k.kanal == Kanal::Brevpost && postadresser_skjult) continue;
    brugbare.push_back({&k, a});
  }
  int bedst = -1;
  for (const auto& v : brugbare) bedst = std::max(bedst, niveau(v.kanal->sagsomraade));
  std::vector<Valgt> valgt;
  for (const auto& v : brugbare) {
    if (niveau(v.kanal->sagsomraade) == bedst) valgt.push_back(v);
  }
  std::stable_sort(valgt.begin(), valgt.end(), [](const Valgt& x, const Valgt& y) {
    return x.kanal->prioritet < y.kanal->prioritet;
  });
  return valgt;
}

AnvisningKanal gemt_kanal(const Valgt& v, bool postadresser_skjult) {
  AnvisningKanal out;
  out.kanal = v.kanal->kanal;
  out.kilde = Kilde::Kontaktdata;
  out.begrundelse = scope_begrundelse("kanal", v.kanal->sagsomraade);
  if (v.adresse != nullptr) {
    out.adresse_id = v.adresse->adresse_id;
    out.email = v.adresse->email;
    out.mobilnummer = v.adresse->mobilnummer;
    if (!postadresser_skjult) out.postadresse = v.adresse->postadresse;
  }
  return out;
}

// Rule 3, given the stored forms.
AnvisningKontaktform vaelg_form(const Kontaktdata* data, const std::vector<Opgavesprog>& regler,
                                const std::optional<std::string>& omr,
                                std::vector<Advarsel>& sprog_advarsler) {
  std::vector<const Kontaktform*> former;
  if (data != nullptr) {
    for (const auto& f : data->former) {
      if (matcher(f.sagsomraade, omr)) former.push_back(&f);
    }
  }
  if (former.empty()) {
    AnvisningKontaktform standard;
    standard.begrundelse = "standard: dansk";
    return standard;
  }
  int bedst = -1;
  for (const auto* f : former) bedst = std::max(bedst, niveau(f->sagsomraade));
  std::erase_if(former, [bedst](const Kontaktform* f) { return niveau(f->sagsomraade) != bedst; });
  std::stable_sort(former.begin(), former.end(), [](const Kontaktform* x, const Kontaktform* y) {
    return x->prioritet < y->prioritet;
  });

  const auto brug = [](const Kontaktform& f) {
    AnvisningKontaktform out;
    out.sprog = f.sprog;
    out.tiltaleform = f.tiltaleform;
    out.medie = f.medie.value_or(Medie::Tekst);
    out.tolkebehov = f.tolkebehov.value_or(false);
    out.tolkesprog = f.tolkesprog;
    out.kilde = FormKilde::Kontaktdata;
    return out;
  };
  const std::string scope = scope_begrundelse("kontaktform", former.front()->sagsomraade);

  if (!omr) {  // no case area: no Opgavesprog rule applies
    AnvisningKontaktform out = brug(*former.front());
    out.begrundelse = scope;
    return out;
  }

  const Opgavesprog* regel = nullptr;
  for (const auto& r : regler) {
    if (!scope_matches(r.sagsomraade, *omr)) continue;
    if (regel == nullptr ||
        sagsomraade_niveau(r.sagsomraade) > sagsomraade_niveau(regel->sagsomraade)) {
      regel = &r;
    }
  }
  const std::vector<std::string> kun_dansk{"da"};
  const std::vector<std::string>& tilladte = regel != nullptr ? regel->sprog : kun_dansk;
  const std::string regel_tekst =
      regel != nullptr ? "sagsområde " + regel->sagsomraade : "ingen opgavesprogsregel, kun dansk";

  for (const auto* f : former) {
    if (std::find(tilladte.begin(), tilladte.end(), f->sprog) == tilladte.end()) continue;
    AnvisningKontaktform out = brug(*f);
    out.begrundelse = scope + "; " +
                      (regel != nullptr ? "sprog tilladt for " + regel_tekst
                                        : std::string("dansk tilladt uden opgavesprogsregel"));
    return out;
  }

  const Kontaktform& foerste = *former.front();
  AnvisningKontaktform out = brug(foerste);
  out.sprog = "da";
  if (foerste.sprog != "da") {
    out.tolkebehov = true;
    out.tolkesprog = foerste.sprog;
  }
  out.begrundelse = scope + "; sproget er ikke tilladt (" + regel_tekst + "): dansk med tolk";
  sprog_advarsler.push_back(
      {Advarselskode::SprogIkkeTilladt, "Sproget " + foerste.sprog +
                                            " er ikke tilladt for sagsområde " + *omr + " (" +
                                            regel_tekst + "); der kommunikeres på dansk med tolk"});
  return out;
}

}  // namespace

int dansk_utc_forskydning(Tidspunkt instant) noexcept {
  using namespace std::chrono;
  const year aar = year_month_day{floor<days>(instant)}.year();
  const auto sommer_fra = sys_days{aar / March / Sunday[last]} + hours{1};
  const auto sommer_til = sys_days{aar / October / Sunday[last]} + hours{1};
  return instant >= sommer_fra && instant < sommer_til ? 2 : 1;
}

Dato dansk_dato(Tidspunkt instant) noexcept {
  const auto lokal = instant + chr::hours{dansk_utc_forskydning(instant)};
  return til_dato(chr::floor<chr::days>(lokal));
}

bool gyldig_paa(const std::optional<Dato>& gyldig_fra, const std::optional<Dato>& gyldig_til,
                const Dato& dato) noexcept {
  return (!gyldig_fra || *gyldig_fra <= dato) && (!gyldig_til || dato < *gyldig_til);
}

const char* to_string(Advarselskode kode) noexcept {
  switch (kode) {
    case Advarselskode::Adressebeskyttelse:
      return "ADRESSEBESKYTTELSE";
    case Advarselskode::Doed:
      return "DOED";
    case Advarselskode::Udrejst:
      return "UDREJST";
    case Advarselskode::Forsvundet:
      return "FORSVUNDET";
    case Advarselskode::PersonnummerAendret:
      return "PERSONNUMMER_AENDRET";
    case Advarselskode::Ophoert:
      return "OPHOERT";
    case Advarselskode::RegisterUtilgaengelig:
      return "REGISTER_UTILGAENGELIG";
    case Advarselskode::UkendtIRegister:
      return "UKENDT_I_REGISTER";
    case Advarselskode::IkkeVerificeret:
      return "IKKE_VERIFICERET";
    case Advarselskode::SprogIkkeTilladt:
      return "SPROG_IKKE_TILLADT";
  }
  return "?";
}

const char* to_string(AnvisningStatus status) noexcept {
  switch (status) {
    case AnvisningStatus::Kontaktdata:
      return "KONTAKTDATA";
    case AnvisningStatus::KunRegister:
      return "KUN_REGISTER";
    case AnvisningStatus::Ugyldig:
      return "UGYLDIG";
  }
  return "?";
}

const char* to_string(Kilde kilde) noexcept {
  switch (kilde) {
    case Kilde::Kontaktdata:
      return "KONTAKTDATA";
    case Kilde::Cpr:
      return "CPR";
    case Kilde::Cvr:
      return "CVR";
  }
  return "?";
}

const char* to_string(FormKilde kilde) noexcept {
  switch (kilde) {
    case FormKilde::Kontaktdata:
      return "KONTAKTDATA";
    case FormKilde::Standard:
      return "STANDARD";
  }
  return "?";
}

bool adressebeskyttet(const Registerdata& cpr, const Dato& dato) noexcept {
  return cpr.kendt && cpr.adressebeskyttelse &&
         gyldig_paa(cpr.beskyttelse_fra, cpr.beskyttelse_til, dato);
}

bool postadresser_tilbageholdes(const Registerdata* cpr, const Dato& dato) noexcept {
  return cpr == nullptr || adressebeskyttet(*cpr, dato);
}

Kontaktanvisning ugyldig_anvisning(const Part& part) {
  Kontaktanvisning out;
  out.part = part;
  out.status = AnvisningStatus::Ugyldig;
  return out;
}

Kontaktanvisning resolve_kontaktanvisning(
    const Part& part, const std::optional<Kontaktdata>& stored,
    const std::optional<Registerdata>& register_data, Registerstatus register_status,
    const std::vector<Opgavesprog>& regler, const std::optional<std::string>& sagsomraade,
    Tidspunkt instant, bool fortrolig, bool ser_beskyttede_adresser) {
  const Dato dato = dansk_dato(instant);
  const bool person = part.type == Part::Type::Cpr;
  const char* registernavn = person ? "CPR" : "CVR";
  const Kilde registerkilde = person ? Kilde::Cpr : Kilde::Cvr;

  const Kontaktdata* data = nullptr;
  if (stored &&
      !(stored->registrering && stored->registrering->livscyklus == Livscyklus::Passiveret)) {
    data = &*stored;
  }
  const Registerdata* reg = nullptr;
  if (register_status != Registerstatus::Utilgaengelig && register_data) reg = &*register_data;
  const bool kendt = reg != nullptr && reg->kendt;

  // Address protection: in force at the date, or (fails closed) not confirmable because there is
  // no register data at all.
  const bool beskyttet = person && reg != nullptr && adressebeskyttet(*reg, dato);
  const bool postadresser_skjult =
      person && !ser_beskyttede_adresser && postadresser_tilbageholdes(reg, dato);

  Kontaktanvisning out;
  out.part = part;
  out.status = data != nullptr ? AnvisningStatus::Kontaktdata : AnvisningStatus::KunRegister;

  // Rule 1: stored channels.
  std::vector<Valgt> valgte;
  if (data != nullptr) {
    valgte = vaelg_kanaler(*data, sagsomraade, dato, fortrolig, postadresser_skjult);
  }
  std::vector<std::pair<int, const Kontaktadresse*>> til_verifikation;  // place, address
  for (const auto& v : valgte) {
    const std::size_t foer = out.kanaler.size();
    tilfoej(out.kanaler, gemt_kanal(v, postadresser_skjult));
    if (out.kanaler.size() != foer && v.adresse != nullptr &&
        (v.adresse->type == Adressetype::Email || v.adresse->type == Adressetype::Mobiltelefon)) {
      til_verifikation.emplace_back(out.kanaler.back().prioritet, v.adresse);
    }
  }

  // Rule 2: Digital Post, then the register's postal address.
  if (kendt) {
    const bool gemt_digital_post = std::any_of(valgte.begin(), valgte.end(), [](const Valgt& v) {
      return v.kanal->kanal == Kanal::DigitalPost;
    });
    const bool digital_post = person ? reg->tilmeldt_digitalpost : !reg->ophoert;
    if (digital_post && !gemt_digital_post) {
      AnvisningKanal k;
      k.kanal = Kanal::DigitalPost;
      k.kilde = registerkilde;
      k.begrundelse =
          person ? "tilmeldt Digital Post i CPR" : "virksomheder skal modtage Digital Post";
      tilfoej(out.kanaler, std::move(k));
    }

    std::optional<Postadresse> registeradresse;
    std::string begrundelse;
    if (!person) {
      registeradresse = reg->adresse;
      begrundelse = "adresse i CVR";
    } else if (!beskyttet) {
      if (reg->kontakt_adresse &&
          gyldig_paa(reg->kontakt_adresse_fra, reg->kontakt_adresse_til, dato)) {
        registeradresse = *reg->kontakt_adresse;
        begrundelse = "kontaktadresse i CPR";
      } else if (reg->status == kCprStatusUdrejst && reg->udlandsadresse) {
        registeradresse = *reg->udlandsadresse;
        begrundelse = "udlandsadresse i CPR (udrejst)";
      } else if (reg->aktuel_adresse) {
        registeradresse = *reg->aktuel_adresse;
        begrundelse = "folkeregisteradresse";
      }
    }
    if (registeradresse) {
      AnvisningKanal k;
      k.kanal = Kanal::Brevpost;
      k.postadresse = registeradresse;
      k.kilde = registerkilde;
      k.begrundelse = begrundelse;
      tilfoej(out.kanaler, std::move(k));
      if (reg->navn) out.registreret_adresse = RegistreretAdresse{*reg->navn, *registeradresse};
    }
  }

  // Rule 3: the form.
  std::vector<Advarsel> sprog_advarsler;
  out.kontaktform = vaelg_form(data, regler, sagsomraade, sprog_advarsler);

  // Rule 4: warnings, in the order of Advarselskode.
  auto& adv = out.advarsler;
  if (beskyttet) {
    adv.push_back({Advarselskode::Adressebeskyttelse,
                   ser_beskyttede_adresser
                       ? "Navne- og adressebeskyttelse i CPR: ingen adresse fra CPR udleveres; "
                         "gemte postadresser må ikke videregives"
                       : "Navne- og adressebeskyttelse i CPR: ingen adresse fra CPR udleveres, og "
                         "gemte postadresser er udeladt"});
  }
  if (kendt && person) {
    if (reg->status == kCprStatusDoed) {
      adv.push_back({Advarselskode::Doed, "CPR: personen er død"});
    }
    if (reg->status == kCprStatusUdrejst) {
      adv.push_back({Advarselskode::Udrejst, "CPR: personen er udrejst"});
    }
    if (reg->status == kCprStatusForsvundet) {
      adv.push_back({Advarselskode::Forsvundet, "CPR: personen er forsvundet"});
    }
    if (reg->status == kCprStatusAendretNummer) {
      adv.push_back({Advarselskode::PersonnummerAendret,
                     reg->gaeldende_personnummer
                         ? "CPR: personnummeret er ændret; gældende personnummer er " +
                               *reg->gaeldende_personnummer +
                               ". Kontaktdata for det gamle nummer er brugt"
                         : std::string("CPR: personnummeret er ændret; CPR oplyser ikke det "
                                       "gældende nummer. Kontaktdata for det gamle nummer er "
                                       "brugt")});
    }
  }
  if (kendt && !person && reg->ophoert) {
    adv.push_back({Advarselskode::Ophoert, "CVR: virksomheden er ophørt"});
  }
  if (register_status == Registerstatus::Cache && reg != nullptr) {
    adv.push_back({Advarselskode::RegisterUtilgaengelig,
                   std::string(registernavn) + " svarede ikke i tide; senest gemte registerdata "
                                               "er brugt"});
  } else if (reg == nullptr) {
    std::string tekst =
        std::string(registernavn) + " svarede ikke i tide, og der er ingen gemte registerdata";
    if (postadresser_skjult) {
      tekst += "; adressebeskyttelse kan ikke afkræftes, så gemte postadresser er udeladt";
    }
    adv.push_back({Advarselskode::RegisterUtilgaengelig, std::move(tekst)});
  }
  const Tidspunkt graense = atten_maaneder_foer(instant);
  for (const auto& [plads, adresse] : til_verifikation) {
    if (!adresse->sidst_verificeret || *adresse->sidst_verificeret >= graense) continue;
    adv.push_back({Advarselskode::IkkeVerificeret,
                   "Kanal " + std::to_string(plads) + " (" +
                       to_string(out.kanaler[static_cast<std::size_t>(plads - 1)].kanal) +
                       "): adressen er sidst verificeret " +
                       dato_tekst(dansk_dato(*adresse->sidst_verificeret)) +
                       ", mere end 18 måneder før"});
  }
  if (reg != nullptr && !reg->kendt) {
    adv.push_back({Advarselskode::UkendtIRegister,
                   person ? "CPR kender ikke personnummeret" : "CVR kender ikke CVR-nummeret"});
  }
  for (auto& a : sprog_advarsler) adv.push_back(std::move(a));
  return out;
}

}  // namespace kontaktdata::domain
