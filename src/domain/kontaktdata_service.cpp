#include "domain/kontaktdata_service.hpp"

#include <algorithm>
#include <chrono>
#include <string>
#include <utility>

#include "domain/error.hpp"
#include "domain/validation.hpp"

namespace kontaktdata::domain {

namespace {

Tidspunkt system_now() {
  return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
}

}  // namespace

KontaktdataService::KontaktdataService(Store& store, std::function<Tidspunkt()> now)
    : store_(store), now_(now ? std::move(now) : std::function<Tidspunkt()>(system_now)) {}

KaldendeSystem KontaktdataService::autoriser(Session& session, const Kaldkontekst& ctx,
                                             Operation op) {
  // Only an absent MunicipalityCVR is missing context: an empty one was sent, and breaks the CVR
  // rule below (UGYLDIG_CVR).
  if (!ctx.municipality_cvr) {
    throw Error(ErrorCode::ManglendeKontekst, "AuthorityContext/MunicipalityCVR mangler");
  }
  if (!ctx.har_invocation_context) {
    throw Error(ErrorCode::ManglendeKontekst, "InvocationContext mangler");
  }
  validate_kommune_cvr(*ctx.municipality_cvr);

  auto system = session.kaldende_system(ctx.user_system_uuid, *ctx.municipality_cvr);
  if (!system) {
    throw Error(ErrorCode::AdgangNaegtet,
                "InvocationContext/UserSystemUUID: ukendt kaldende system");
  }
  if (!session.kommune_findes(*ctx.municipality_cvr)) {
    throw Error(ErrorCode::AdgangNaegtet,
                "AuthorityContext/MunicipalityCVR: kommunen er ikke tilsluttet tjenesten");
  }
  const auto& tilladte = system->tilladte_operationer;
  if (std::find(tilladte.begin(), tilladte.end(), op) == tilladte.end()) {
    throw Error(ErrorCode::AdgangNaegtet, std::string("det kaldende system må ikke bruge ") +
                                              to_string(op) + " for denne kommune");
  }
  return std::move(*system);
}

Versionssvar KontaktdataService::opret(const Kaldkontekst& ctx, Kontaktdata data,
                                       const std::optional<std::string>& note) {
  auto session = store_.begin();
  autoriser(*session, ctx, Operation::Opret);
  validate_and_normalise(data);

  Registrering registrering;
  registrering.tidspunkt = now_();
  registrering.livscyklus = Livscyklus::Opstaaet;
  registrering.user_system_uuid = ctx.user_system_uuid;
  registrering.user_uuid = ctx.user_uuid;
  registrering.on_behalf_of_user = ctx.on_behalf_of_user;
  registrering.note = note;

  const std::int64_t version = session->opret(*ctx.municipality_cvr, data, registrering);
  session->commit();
  return Versionssvar{std::move(data.part), version};
}

void tilbagehold_beskyttede_adresser(Kontaktdata& data) {
  // Protection fails closed: a person's postal addresses are withheld whenever CPR's address
  // protection is in force or cannot be confirmed. The CPR client is not built yet, so for now
  // it can never be confirmed, and a system that may not see protected addresses never gets a
  // person's postal address values.
  if (data.part.type != Part::Type::Cpr) return;
  for (auto& adresse : data.adresser) {
    if (adresse.type == Adressetype::Postadresse) {
      adresse.postadresse.reset();
      adresse.tilbageholdt = true;
    }
  }
}

Kontaktdata KontaktdataService::laes(const Kaldkontekst& ctx, const Part& part) {
  auto session = store_.begin();
  const KaldendeSystem system = autoriser(*session, ctx, Operation::Laes);
  validate_part(part);

  auto data = session->laes(*ctx.municipality_cvr, part);
  if (!data) {
    throw Error(ErrorCode::PartFindesIkke, "Part: kommunen har ingen kontaktdata for parten");
  }
  if (!system.ser_beskyttede_adresser) tilbagehold_beskyttede_adresser(*data);
  session->commit();
  return std::move(*data);
}

void KontaktdataService::ikke_implementeret(const Kaldkontekst& ctx, Operation op) {
  auto session = store_.begin();
  autoriser(*session, ctx, op);
  throw Error(ErrorCode::InternFejl, "ikke implementeret endnu");
}

}  // namespace kontaktdata::domain
