#include "soap/mapping/mapping.hpp"

#include <charconv>
#include <cstdio>

#include "domain/error.hpp"

namespace kontaktdata::soap::mapping {

namespace k = kdsoap;
using domain::Error;
using domain::ErrorCode;

namespace {

std::optional<std::string> opt(const std::string* s) {
  if (s == nullptr) return std::nullopt;
  return *s;
}

std::string* str(struct ::soap* ctx, const std::string& value) {
  auto* s = k::soap_new_std__string(ctx);
  *s = value;
  return s;
}

std::string* str(struct ::soap* ctx, const std::optional<std::string>& value) {
  return value ? str(ctx, *value) : nullptr;
}

template <typename T>
T* copy_of(struct ::soap* ctx, T value) {
  T* p = static_cast<T*>(soap_malloc(ctx, sizeof(T)));
  *p = value;
  return p;
}

std::optional<domain::Dato> opt_dato(const std::string* s) {
  if (s == nullptr) return std::nullopt;
  return parse_dato(*s);
}

domain::Adressetype to_domain(k::kd__AdressetypeType t) {
  switch (t) {
    case k::kd__AdressetypeType::POSTADRESSE:
      return domain::Adressetype::Postadresse;
    case k::kd__AdressetypeType::EMAIL:
      return domain::Adressetype::Email;
    case k::kd__AdressetypeType::MOBILTELEFON:
      return domain::Adressetype::Mobiltelefon;
    case k::kd__AdressetypeType::DIGITAL_USCOREPOST:
      return domain::Adressetype::DigitalPost;
  }
  throw Error(ErrorCode::UgyldigForespoergsel, "Adressetype: ukendt værdi");
}

k::kd__AdressetypeType to_wire(domain::Adressetype t) {
  switch (t) {
    case domain::Adressetype::Postadresse:
      return k::kd__AdressetypeType::POSTADRESSE;
    case domain::Adressetype::Email:
      return k::kd__AdressetypeType::EMAIL;
    case domain::Adressetype::Mobiltelefon:
      return k::kd__AdressetypeType::MOBILTELEFON;
    case domain::Adressetype::DigitalPost:
      return k::kd__AdressetypeType::DIGITAL_USCOREPOST;
  }
  return k::kd__AdressetypeType::POSTADRESSE;
}

domain::Kanal to_domain(k::kd__KanalType t) {
  switch (t) {
    case k::kd__KanalType::DIGITAL_USCOREPOST:
      return domain::Kanal::DigitalPost;
    case k::kd__KanalType::BREVPOST:
      return domain::Kanal::Brevpost;
    case k::kd__KanalType::EMAIL:
      return domain::Kanal::Email;
    case k::kd__KanalType::SMS:
      return domain::Kanal::Sms;
    case k::kd__KanalType::TELEFON:
      return domain::Kanal::Telefon;
    case k::kd__KanalType::PERSONLIGT_USCOREFREMMOEDE:
      return domain::Kanal::PersonligtFremmoede;
  }
  throw Error(ErrorCode::UgyldigForespoergsel, "Kanal: ukendt værdi");
}

k::kd__KanalType to_wire(domain::Kanal t) {
  switch (t) {
    case domain::Kanal::DigitalPost:
      return k::kd__KanalType::DIGITAL_USCOREPOST;
    case domain::Kanal::Brevpost:
      return k::kd__KanalType::BREVPOST;
    case domain::Kanal::Email:
      return k::kd__KanalType::EMAIL;
    case domain::Kanal::Sms:
      return k::kd__KanalType::SMS;
    case domain::Kanal::Telefon:
      return k::kd__KanalType::TELEFON;
    case domain::Kanal::PersonligtFremmoede:
      return k::kd__KanalType::PERSONLIGT_USCOREFREMMOEDE;
  }
  return k::kd__KanalType::BREVPOST;
}

domain::Tiltaleform to_domain(k::kd__TiltaleformType t) {
  return t == k::kd__TiltaleformType::DE ? domain::Tiltaleform::De : domain::Tiltaleform::Du;
}

k::kd__TiltaleformType to_wire(domain::Tiltaleform t) {
  return t == domain::Tiltaleform::De ? k::kd__TiltaleformType::DE : k::kd__TiltaleformType::DU;
}

domain::Medie to_domain(k::kd__MedieType t) {
  switch (t) {
    case k::kd__MedieType::TEKST:
      return domain::Medie::Tekst;
    case k::kd__MedieType::LYD:
      return domain::Medie::Lyd;
    case k::kd__MedieType::VIDEO:
      return domain::Medie::Video;
    case k::kd__MedieType::PUNKTSKRIFT:
      return domain::Medie::Punktskrift;
  }
  throw Error(ErrorCode::UgyldigForespoergsel, "Medie: ukendt værdi");
}

k::kd__MedieType to_wire(domain::Medie t) {
  switch (t) {
    case domain::Medie::Tekst:
      return k::kd__MedieType::TEKST;
    case domain::Medie::Lyd:
      return k::kd__MedieType::LYD;
    case domain::Medie::Video:
      return k::kd__MedieType::VIDEO;
    case domain::Medie::Punktskrift:
      return k::kd__MedieType::PUNKTSKRIFT;
  }
  return k::kd__MedieType::TEKST;
}

k::kd__LivscyklusType to_wire(domain::Livscyklus t) {
  switch (t) {
    case domain::Livscyklus::Opstaaet:
      return k::kd__LivscyklusType::OPSTAAET;
    case domain::Livscyklus::Rettet:
      return k::kd__LivscyklusType::RETTET;
    case domain::Livscyklus::Importeret:
      return k::kd__LivscyklusType::IMPORTERET;
    case domain::Livscyklus::Passiveret:
      return k::kd__LivscyklusType::PASSIVERET;
  }
  return k::kd__LivscyklusType::OPSTAAET;
}

domain::Postadresse to_domain(const k::kd__PostadresseType& p) {
  switch (p.__union_PostadresseType) {
    case SOAP_UNION_kdsoap__kd__union_PostadresseType_DanskAdresse: {
      const auto* d = p.union_PostadresseType.DanskAdresse;
      if (d == nullptr) break;
      return domain::DanskAdresse{d->Vejnavn,       d->Husnummer,  opt(d->Etage),
                                  opt(d->Sidedoer), d->Postnummer, d->Postdistrikt};
    }
    case SOAP_UNION_kdsoap__kd__union_PostadresseType_Adresselinjer: {
      const auto* a = p.union_PostadresseType.Adresselinjer;
      if (a == nullptr) break;
      return domain::Adresselinjer{a->Adresselinje, a->Landekode};
    }
    default:
      break;
  }
  throw Error(ErrorCode::UgyldigForespoergsel,
              "Postadresse: DanskAdresse eller Adresselinjer mangler");
}

k::kd__PostadresseType* to_wire(struct ::soap* ctx, const domain::Postadresse& p) {
  auto* w = k::soap_new_kd__PostadresseType(ctx);
  if (const auto* d = std::get_if<domain::DanskAdresse>(&p)) {
    auto* wd = k::soap_new_kd__DanskAdresseType(ctx);
    wd->Vejnavn = d->vejnavn;
    wd->Husnummer = d->husnummer;
    wd->Etage = str(ctx, d->etage);
    wd->Sidedoer = str(ctx, d->sidedoer);
    wd->Postnummer = d->postnummer;
    wd->Postdistrikt = d->postdistrikt;
    w->__union_PostadresseType = SOAP_UNION_kdsoap__kd__union_PostadresseType_DanskAdresse;
    w->union_PostadresseType.DanskAdresse = wd;
  } else {
    const auto& a = std::get<domain::Adresselinjer>(p);
    auto* wa = k::soap_new_kd__AdresselinjerType(ctx);
    wa->Adresselinje = a.linjer;
    wa->Landekode = a.landekode;
    w->__union_PostadresseType = SOAP_UNION_kdsoap__kd__union_PostadresseType_Adresselinjer;
    w->union_PostadresseType.Adresselinjer = wa;
  }
  return w;
}

domain::Kontaktadresse to_domain(const k::kd__KontaktadresseType& w) {
  domain::Kontaktadresse a;
  a.adresse_id = w.AdresseID != nullptr ? *w.AdresseID : std::string();
  a.type = to_domain(w.Adressetype);
  switch (w.__union_KontaktadresseType) {
    case SOAP_UNION_kdsoap__kd__union_KontaktadresseType_Postadresse:
      if (w.union_KontaktadresseType.Postadresse != nullptr) {
        a.postadresse = to_domain(*w.union_KontaktadresseType.Postadresse);
      }
      break;
    case SOAP_UNION_kdsoap__kd__union_KontaktadresseType_Email:
      a.email = opt(w.union_KontaktadresseType.Email);
      break;
    case SOAP_UNION_kdsoap__kd__union_KontaktadresseType_Mobilnummer:
      a.mobilnummer = opt(w.union_KontaktadresseType.Mobilnummer);
      break;
    default:
      break;
  }
  a.gyldig_fra = opt_dato(w.GyldigFra);
  a.gyldig_til = opt_dato(w.GyldigTil);
  if (w.SidstVerificeret != nullptr) a.sidst_verificeret = mapping::to_domain(*w.SidstVerificeret);
  if (w.Tilbageholdt != nullptr) a.tilbageholdt = *w.Tilbageholdt;
  return a;
}

k::kd__KontaktadresseType* to_wire(struct ::soap* ctx, const domain::Kontaktadresse& a) {
  auto* w = k::soap_new_kd__KontaktadresseType(ctx);
  w->AdresseID = str(ctx, a.adresse_id);
  w->Adressetype = to_wire(a.type);
  if (a.postadresse) {
    w->__union_KontaktadresseType = SOAP_UNION_kdsoap__kd__union_KontaktadresseType_Postadresse;
    w->union_KontaktadresseType.Postadresse = to_wire(ctx, *a.postadresse);
  } else if (a.email) {
    w->__union_KontaktadresseType = SOAP_UNION_kdsoap__kd__union_KontaktadresseType_Email;
    w->union_KontaktadresseType.Email = str(ctx, *a.email);
  } else if (a.mobilnummer) {
    w->__union_KontaktadresseType = SOAP_UNION_kdsoap__kd__union_KontaktadresseType_Mobilnummer;
    w->union_KontaktadresseType.Mobilnummer = str(ctx, *a.mobilnummer);
  }
  if (a.gyldig_fra) w->GyldigFra = str(ctx, format_dato(*a.gyldig_fra));
  if (a.gyldig_til) w->GyldigTil = str(ctx, format_dato(*a.gyldig_til));
  if (a.sidst_verificeret)
    w->SidstVerificeret = copy_of(ctx, mapping::to_wire(*a.sidst_verificeret));
  if (a.tilbageholdt) w->Tilbageholdt = copy_of(ctx, *a.tilbageholdt);
  return w;
}

domain::Kontaktkanal to_domain(const k::kd__KontaktkanalType& w) {
  domain::Kontaktkanal c;
  c.kanal = to_domain(w.Kanal);
  c.adresse_id = opt(w.AdresseID);
  c.sagsomraade = opt(w.Sagsomraade);
  c.prioritet = w.Prioritet;
  c.gyldig_fra = opt_dato(w.GyldigFra);
  c.gyldig_til = opt_dato(w.GyldigTil);
  return c;
}

k::kd__KontaktkanalType* to_wire(struct ::soap* ctx, const domain::Kontaktkanal& c) {
  auto* w = k::soap_new_kd__KontaktkanalType(ctx);
  w->Kanal = to_wire(c.kanal);
  w->AdresseID = str(ctx, c.adresse_id);
  w->Sagsomraade = str(ctx, c.sagsomraade);
  w->Prioritet = c.prioritet;
  if (c.gyldig_fra) w->GyldigFra = str(ctx, format_dato(*c.gyldig_fra));
  if (c.gyldig_til) w->GyldigTil = str(ctx, format_dato(*c.gyldig_til));
  return w;
}

domain::Kontaktform to_domain(const k::kd__KontaktformType& w) {
  domain::Kontaktform f;
  f.sprog = w.Sprog;
  if (w.Tiltaleform != nullptr) f.tiltaleform = to_domain(*w.Tiltaleform);
  if (w.Medie != nullptr) f.medie = to_domain(*w.Medie);
  if (w.Tolkebehov != nullptr) f.tolkebehov = *w.Tolkebehov;
  f.tolkesprog = opt(w.Tolkesprog);
  f.sagsomraade = opt(w.Sagsomraade);
  f.prioritet = w.Prioritet;
  return f;
}

k::kd__KontaktformType* to_wire(struct ::soap* ctx, const domain::Kontaktform& f) {
  auto* w = k::soap_new_kd__KontaktformType(ctx);
  w->Sprog = f.sprog;
  if (f.tiltaleform) w->Tiltaleform = copy_of(ctx, to_wire(*f.tiltaleform));
  if (f.medie) w->Medie = copy_of(ctx, to_wire(*f.medie));
  if (f.tolkebehov) w->Tolkebehov = copy_of(ctx, *f.tolkebehov);
  w->Tolkesprog = str(ctx, f.tolkesprog);
  w->Sagsomraade = str(ctx, f.sagsomraade);
  w->Prioritet = f.prioritet;
  return w;
}

k::kd__AnvisningStatusType to_wire(domain::AnvisningStatus s) {
  switch (s) {
    case domain::AnvisningStatus::Kontaktdata:
      return k::kd__AnvisningStatusType::KONTAKTDATA;
    case domain::AnvisningStatus::KunRegister:
      return k::kd__AnvisningStatusType::KUN_USCOREREGISTER;
    case domain::AnvisningStatus::Ugyldig:
      return k::kd__AnvisningStatusType::UGYLDIG;
  }
  return k::kd__AnvisningStatusType::UGYLDIG;
}

k::kd__KildeType to_wire(domain::Kilde kilde) {
  switch (kilde) {
    case domain::Kilde::Kontaktdata:
      return k::kd__KildeType::KONTAKTDATA;
    case domain::Kilde::Cpr:
      return k::kd__KildeType::CPR;
    case domain::Kilde::Cvr:
      return k::kd__KildeType::CVR;
  }
  return k::kd__KildeType::KONTAKTDATA;
}

k::kd__FormKildeType to_wire(domain::FormKilde kilde) {
  return kilde == domain::FormKilde::Kontaktdata ? k::kd__FormKildeType::KONTAKTDATA
                                                 : k::kd__FormKildeType::STANDARD;
}

k::kd__AnvisningKanalType* to_wire(struct ::soap* ctx, const domain::AnvisningKanal& c) {
  auto* w = k::soap_new_kd__AnvisningKanalType(ctx);
  w->Kanal = to_wire(c.kanal);
  w->Prioritet = c.prioritet;
  w->AdresseID = str(ctx, c.adresse_id);
  // At most one address value is set; the choice is left out when there is none (DIGITAL_POST).
  if (c.email) {
    w->__union_AnvisningKanalType = SOAP_UNION_kdsoap__kd__union_AnvisningKanalType_Email;
    w->union_AnvisningKanalType.Email = str(ctx, *c.email);
  } else if (c.mobilnummer) {
    w->__union_AnvisningKanalType = SOAP_UNION_kdsoap__kd__union_AnvisningKanalType_Mobilnummer;
    w->union_AnvisningKanalType.Mobilnummer = str(ctx, *c.mobilnummer);
  } else if (c.postadresse) {
    w->__union_AnvisningKanalType = SOAP_UNION_kdsoap__kd__union_AnvisningKanalType_Postadresse;
    w->union_AnvisningKanalType.Postadresse = to_wire(ctx, *c.postadresse);
  }
  w->Kilde = to_wire(c.kilde);
  w->Begrundelse = c.begrundelse;
  return w;
}

k::kd__AnvisningKontaktformType* to_wire(struct ::soap* ctx,
                                         const domain::AnvisningKontaktform& f) {
  auto* w = k::soap_new_kd__AnvisningKontaktformType(ctx);
  w->Sprog = f.sprog;
  if (f.tiltaleform) w->Tiltaleform = copy_of(ctx, to_wire(*f.tiltaleform));
  w->Medie = to_wire(f.medie);
  w->Tolkebehov = f.tolkebehov;
  w->Tolkesprog = str(ctx, f.tolkesprog);
  w->Kilde = to_wire(f.kilde);
  w->Begrundelse = f.begrundelse;
  return w;
}

k::kd__RegistreretAdresseType* to_wire(struct ::soap* ctx, const domain::RegistreretAdresse& r) {
  auto* w = k::soap_new_kd__RegistreretAdresseType(ctx);
  w->Navn = r.navn;
  w->Postadresse = to_wire(ctx, r.postadresse);
  return w;
}

k::kd__AdvarselType* to_wire(struct ::soap* ctx, const domain::Advarsel& a) {
  auto* w = k::soap_new_kd__AdvarselType(ctx);
  w->Kode = domain::to_string(a.kode);
  w->Tekst = a.tekst;
  return w;
}

int parse_int(const std::string& s, std::size_t pos, std::size_t len) {
  int value = -1;
  const char* first = s.data() + pos;
  auto [ptr, ec] = std::from_chars(first, first + len, value);
  if (ec != std::errc() || ptr != first + len) return -1;
  return value;
}

}  // namespace

domain::Kaldkontekst to_domain(const k::callctx__CallContextType* call,
                               const k::autctx__AuthorityContextType* authority,
                               const k::invctx__InvocationContextType* invocation) {
  domain::Kaldkontekst ctx;
  if (authority != nullptr) {
    ctx.municipality_cvr = authority->MunicipalityCVR;
  }
  if (invocation != nullptr) {
    ctx.har_invocation_context = true;
    ctx.service_agreement_uuid = invocation->ServiceAgreementUUID;
    ctx.user_system_uuid = invocation->UserSystemUUID;
    ctx.user_uuid = invocation->UserUUID;
    ctx.service_uuid = invocation->ServiceUUID;
    ctx.on_behalf_of_user = opt(invocation->OnBehalfOfUser);
    ctx.callers_service_call_identifier = opt(invocation->CallersServiceCallIdentifier);
    ctx.accounting_info = opt(invocation->AccountingInfo);
  }
  if (call != nullptr) {
    if (!ctx.on_behalf_of_user) ctx.on_behalf_of_user = opt(call->OnBehalfOfUser);
    if (!ctx.callers_service_call_identifier) {
      ctx.callers_service_call_identifier = opt(call->CallersServiceCallIdentifier);
    }
    if (!ctx.accounting_info) ctx.accounting_info = opt(call->AccountingInfo);
  }
  return ctx;
}

domain::Part to_domain(const k::kd__PartType* part) {
  if (part != nullptr) {
    switch (part->__union_PartType) {
      case SOAP_UNION_kdsoap__kd__union_PartType_CPRNummer:
        if (part->union_PartType.CPRNummer != nullptr) {
          return {domain::Part::Type::Cpr, *part->union_PartType.CPRNummer};
        }
        break;
      case SOAP_UNION_kdsoap__kd__union_PartType_CVRNummer:
        if (part->union_PartType.CVRNummer != nullptr) {
          return {domain::Part::Type::Cvr, *part->union_PartType.CVRNummer};
        }
        break;
      default:
        break;
    }
  }
  throw Error(ErrorCode::UgyldigForespoergsel, "Part: CPRNummer eller CVRNummer mangler");
}

domain::Kontaktdata to_domain(const k::kd__KontaktdataType* data) {
  if (data == nullptr) throw Error(ErrorCode::UgyldigForespoergsel, "Kontaktdata mangler");
  domain::Kontaktdata d;
  d.part = to_domain(data->Part);
  if (data->Version != nullptr) d.version = *data->Version;
  d.adresser.reserve(data->Kontaktadresse.size());
  for (const auto* a : data->Kontaktadresse) {
    if (a != nullptr) d.adresser.push_back(to_domain(*a));
  }
  d.kanaler.reserve(data->Kontaktkanal.size());
  for (const auto* c : data->Kontaktkanal) {
    if (c != nullptr) d.kanaler.push_back(to_domain(*c));
  }
  d.former.reserve(data->Kontaktform.size());
  for (const auto* f : data->Kontaktform) {
    if (f != nullptr) d.former.push_back(to_domain(*f));
  }
  return d;  // Registrering is output only: ignored in input
}

domain::Anvisningsforespoergsel to_domain(const k::kd__HentKontaktanvisningRequestType& req) {
  domain::Anvisningsforespoergsel f;
  f.sagsomraade = opt(req.Sagsomraade);
  f.fortrolig = req.Fortrolig != nullptr && *req.Fortrolig;
  f.virkningstidspunkt = to_domain(req.Virkningstidspunkt);
  f.parts = to_domain(req.Part);
  return f;
}

domain::Tidspunkt to_domain(const struct timeval& tv) {
  return domain::Tidspunkt(
      std::chrono::microseconds(static_cast<std::int64_t>(tv.tv_sec) * 1000000 + tv.tv_usec));
}

struct timeval to_wire(domain::Tidspunkt t) {
  const std::int64_t us = t.time_since_epoch().count();
  std::int64_t sec = us / 1000000;
  std::int64_t rest = us % 1000000;
  if (rest < 0) {
    rest += 1000000;
    sec -= 1;
  }
  struct timeval tv {};
  tv.tv_sec = static_cast<time_t>(sec);
  tv.tv_usec = static_cast<suseconds_t>(rest);
  return tv;
}

domain::Dato parse_dato(const std::string& text) {
  // xsd:date: YYYY-MM-DD with an optional zone (Z or +hh:mm / -hh:mm), which is ignored: the
  // contract's dates are calendar dates in Danish time.
  constexpr domain::Dato kUgyldig{0, 0, 0};
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return kUgyldig;
  const std::string zone = text.substr(10);
  const bool zone_ok = zone.empty() || zone == "Z" ||
                       (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':' &&
                        parse_int(zone, 1, 2) >= 0 && parse_int(zone, 4, 2) >= 0);
  const int y = parse_int(text, 0, 4);
  const int m = parse_int(text, 5, 2);
  const int d = parse_int(text, 8, 2);
  if (!zone_ok || y < 0 || m < 0 || d < 0) return kUgyldig;
  return {y, m, d};
}

std::string format_dato(const domain::Dato& dato) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", dato.aar, dato.maaned, dato.dag);
  return buf;
}

std::vector<domain::Part> to_domain(const std::vector<k::kd__PartType*>& parts) {
  std::vector<domain::Part> out;
  out.reserve(parts.size());
  for (const auto* p : parts) out.push_back(to_domain(p));
  return out;
}

std::vector<domain::Kontaktdata> to_domain(const std::vector<k::kd__KontaktdataType*>& items) {
  std::vector<domain::Kontaktdata> out;
  out.reserve(items.size());
  for (const auto* i : items) out.push_back(to_domain(i));
  return out;
}

std::optional<domain::Tidspunkt> to_domain(const struct timeval* tv) {
  if (tv == nullptr) return std::nullopt;
  return to_domain(*tv);
}

k::kd__ListResultatType* to_wire(struct ::soap* ctx, const domain::Listresultat& r) {
  auto* w = k::soap_new_kd__ListResultatType(ctx);
  w->Part = to_wire(ctx, r.part);
  switch (r.status) {
    case domain::ListStatus::Fundet:
      w->Status = k::kd__ListStatusType::FUNDET;
      break;
    case domain::ListStatus::IkkeFundet:
      w->Status = k::kd__ListStatusType::IKKE_USCOREFUNDET;
      break;
    case domain::ListStatus::Ugyldig:
      w->Status = k::kd__ListStatusType::UGYLDIG;
      break;
  }
  if (r.data) w->Kontaktdata = to_wire(ctx, *r.data);
  return w;
}

k::kd__ImportResultatType* to_wire(struct ::soap* ctx, const domain::Skriveresultat& r) {
  auto* w = k::soap_new_kd__ImportResultatType(ctx);
  w->Part = to_wire(ctx, r.part);
  switch (r.status) {
    case domain::Skrivestatus::Oprettet:
      w->Status = k::kd__ImportStatusType::OPRETTET;
      break;
    case domain::Skrivestatus::Afvist:
      w->Status = k::kd__ImportStatusType::AFVIST;
      break;
    default:
      w->Status = k::kd__ImportStatusType::RETTET;
      break;
  }
  if (r.version) w->Version = copy_of<LONG64>(ctx, *r.version);
  if (r.fejl_kode) {
    auto* f = k::soap_new_kd__FejlType(ctx);
    f->ErrorCode = *r.fejl_kode;
    f->ErrorText = r.fejl_tekst.value_or("").substr(0, 255);
    w->Fejl = f;
  }
  return w;
}

k::kd__OpgavesprogType* to_wire(struct ::soap* ctx, const domain::Opgavesprog& o) {
  auto* w = k::soap_new_kd__OpgavesprogType(ctx);
  w->Sagsomraade = o.sagsomraade;
  w->Sprog = o.sprog;
  return w;
}

k::kd__HaendelseType* to_wire(struct ::soap* ctx, const domain::Haendelse& h) {
  auto* w = k::soap_new_kd__HaendelseType(ctx);
  w->Sekvensnummer = h.sekvensnummer;
  w->Tidspunkt = to_wire(h.tidspunkt);
  w->Part = to_wire(ctx, h.part);
  switch (h.type) {
    case domain::Haendelsestype::Oprettet:
      w->Haendelsestype = k::kd__HaendelsestypeType::OPRETTET;
      break;
    case domain::Haendelsestype::Rettet:
      w->Haendelsestype = k::kd__HaendelsestypeType::RETTET;
      break;
    case domain::Haendelsestype::Importeret:
      w->Haendelsestype = k::kd__HaendelsestypeType::IMPORTERET;
      break;
    case domain::Haendelsestype::Passiveret:
      w->Haendelsestype = k::kd__HaendelsestypeType::PASSIVERET;
      break;
    case domain::Haendelsestype::Slettet:
      w->Haendelsestype = k::kd__HaendelsestypeType::SLETTET;
      break;
  }
  w->Version = h.version;
  return w;
}

k::kd__LogpostType* to_wire(struct ::soap* ctx, const domain::Adgangspost& p) {
  auto* w = k::soap_new_kd__LogpostType(ctx);
  w->Tidspunkt = to_wire(p.tidspunkt);
  w->Operation = domain::to_string(p.operation);
  w->UserSystemUUID = p.user_system_uuid;
  w->UserUUID = p.user_uuid;
  w->OnBehalfOfUser = str(ctx, p.on_behalf_of_user);
  w->CallersServiceCallIdentifier = str(ctx, p.callers_service_call_identifier);
  return w;
}

k::kd__PartType* to_wire(struct ::soap* ctx, const domain::Part& part) {
  auto* w = k::soap_new_kd__PartType(ctx);
  if (part.type == domain::Part::Type::Cpr) {
    w->__union_PartType = SOAP_UNION_kdsoap__kd__union_PartType_CPRNummer;
    w->union_PartType.CPRNummer = str(ctx, part.nummer);
  } else {
    w->__union_PartType = SOAP_UNION_kdsoap__kd__union_PartType_CVRNummer;
    w->union_PartType.CVRNummer = str(ctx, part.nummer);
  }
  return w;
}

k::kd__KontaktdataType* to_wire(struct ::soap* ctx, const domain::Kontaktdata& data) {
  auto* w = k::soap_new_kd__KontaktdataType(ctx);
  w->Part = to_wire(ctx, data.part);
  if (data.version) w->Version = copy_of<LONG64>(ctx, *data.version);
  for (const auto& a : data.adresser) w->Kontaktadresse.push_back(to_wire(ctx, a));
  for (const auto& c : data.kanaler) w->Kontaktkanal.push_back(to_wire(ctx, c));
  for (const auto& f : data.former) w->Kontaktform.push_back(to_wire(ctx, f));
  if (data.registrering) {
    const auto& r = *data.registrering;
    auto* wr = k::soap_new_kd__RegistreringType(ctx);
    wr->Tidspunkt = to_wire(r.tidspunkt);
    wr->Livscyklus = to_wire(r.livscyklus);
    wr->UserSystemUUID = r.user_system_uuid;
    wr->UserUUID = r.user_uuid;
    wr->OnBehalfOfUser = str(ctx, r.on_behalf_of_user);
    wr->Note = str(ctx, r.note);
    w->Registrering = wr;
  }
  return w;
}

k::kd__KontaktanvisningType* to_wire(struct ::soap* ctx, const domain::Kontaktanvisning& a) {
  auto* w = k::soap_new_kd__KontaktanvisningType(ctx);
  w->Part = to_wire(ctx, a.part);
  w->Status = to_wire(a.status);
  if (a.status == domain::AnvisningStatus::Ugyldig) return w;  // nothing else in this item
  for (const auto& c : a.kanaler) w->Kanal.push_back(to_wire(ctx, c));
  if (a.kontaktform) w->Kontaktform = to_wire(ctx, *a.kontaktform);
  if (a.registreret_adresse) w->RegistreretAdresse = to_wire(ctx, *a.registreret_adresse);
  for (const auto& adv : a.advarsler) w->Advarsel.push_back(to_wire(ctx, adv));
  return w;
}

}  // namespace kontaktdata::soap::mapping
