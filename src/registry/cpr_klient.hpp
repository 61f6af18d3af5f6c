#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "domain/kontaktanvisning.hpp"
#include "registry/register_kontekst.hpp"

// The CPR client: SF1520 PersonLookup (PersonBaseDataExtended v4) turned into the domain's
// Registerdata. The generated types are only named here (for the mapping function the tests
// use); their headers stay inside src/registry/.

namespace cprsoap {
class pbde__PersonLookupResponseType;
}

namespace kontaktdata::registry {

/// Looks persons up in CPR (SF1520 PersonLookup). Thread-safe: every call has its own gSOAP
/// context, so one client serves all worker threads.
class CprKlient {
 public:
  /// Throws std::invalid_argument on an empty endpoint or a non-positive timeout, and
  /// std::runtime_error for an https endpoint when gSOAP is built without OpenSSL.
  explicit CprKlient(Klientindstillinger indstillinger);

  /// Looks `personnummer` (10 digits) up for the municipality `kommune_cvr`
  /// (AuthorityContext/MunicipalityCVR), passing `callers_service_call_identifier` on in
  /// CallContext and InvocationContext. Never throws for a register failure; a number CPR does
  /// not know gives Registerdata with `kendt` false. Never takes longer than the timeout
  /// (plus DNS resolution of the endpoint's host name).
  Opslag slaa_op(const std::string& personnummer, const std::string& kommune_cvr,
                 const std::optional<std::string>& callers_service_call_identifier) const;

  /// As above, but the call also ends at `frist` (it gets what is left of it, at most the
  /// timeout); with no time left it is not made (Fejlart::Timeout).
  Opslag slaa_op(const std::string& personnummer, const std::string& kommune_cvr,
                 const std::optional<std::string>& callers_service_call_identifier,
                 std::chrono::steady_clock::time_point frist) const;

  /// The settings in use.
  const Klientindstillinger& indstillinger() const noexcept { return indstillinger_; }

 private:
  Klientindstillinger indstillinger_;
};

/// Maps a PersonLookupResponse to Registerdata. A response without `persondata` is an unknown
/// person (`kendt` false). Pure.
domain::Registerdata fra_person_lookup(const cprsoap::pbde__PersonLookupResponseType& svar);

/// True when a SOAP fault from SF1520 says the person does not exist (fault string or
/// ServiceplatformFault detail: "PNR not found", ErrorCode PNR_NOT_FOUND, "ikke fundet", ...),
/// as opposed to a fault that is a failure (invalid request, no access, internal error).
bool er_ukendt_person_fault(std::string_view fault_tekst, std::string_view fault_detalje);

/// The ISO 3166-1 alpha-2 code of a country, from CPR's numeric country code (CPR's own
/// authority codes, 5100 = Denmark, NOT ISO 3166 numeric) or, failing that, from a Danish
/// country name (CPR's `udrejselandekodeMyndighedsnavn`, or the last line of a foreign address:
/// "Spanien" -> "ES"). nullopt when neither is known.
std::optional<std::string> landekode_fra_cpr(std::optional<std::string_view> cpr_kode,
                                             std::optional<std::string_view> landenavn);

}  // namespace kontaktdata::registry
