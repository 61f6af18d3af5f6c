#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "domain/kontaktanvisning.hpp"
#include "registry/register_kontekst.hpp"

// The CVR client: SF1530 getLegalUnit (CVR Online) turned into the domain's Registerdata. The
// generated types are only named here (for the mapping function the tests use).

namespace cvrsoap {
class cvronl__GetLegalUnitResponseType;
}

namespace kontaktdata::registry {

/// Looks companies up in CVR (SF1530 getLegalUnit, level 1). Thread-safe: every call has its
/// own gSOAP context.
class CvrKlient {
 public:
  /// Throws std::invalid_argument on an empty endpoint or a non-positive timeout, and
  /// std::runtime_error for an https endpoint when gSOAP is built without OpenSSL.
  explicit CvrKlient(Klientindstillinger indstillinger);

  /// Looks `cvr_nummer` (8 digits) up. `kommune_cvr` is not sent (SF1530's request has no
  /// AuthorityContext); it is there so both clients are called alike.
  /// `callers_service_call_identifier` goes on in CallContext and InvocationContext. Never
  /// throws for a register failure; an unknown number gives Registerdata with `kendt` false.
  Opslag slaa_op(const std::string& cvr_nummer, const std::string& kommune_cvr,
                 const std::optional<std::string>& callers_service_call_identifier) const;

  /// As above, but the call also ends at `frist` (it gets what is left of it, at most the
  /// timeout); with no time left it is not made (Fejlart::Timeout).
  Opslag slaa_op(const std::string& cvr_nummer, const std::string& kommune_cvr,
                 const std::optional<std::string>& callers_service_call_identifier,
                 std::chrono::steady_clock::time_point frist) const;

  /// The settings in use.
  const Klientindstillinger& indstillinger() const noexcept { return indstillinger_; }

 private:
  Klientindstillinger indstillinger_;
};

/// Maps a GetLegalUnitResponse to Registerdata. An empty response (no LegalUnit) is an unknown
/// company (`kendt` false). The company has ceased (`ophoert`) when Lifecycle/CessationDate is
/// present and not after `i_dag` (a cessation dated in the future has not happened yet). Pure.
domain::Registerdata fra_get_legal_unit(const cvrsoap::cvronl__GetLegalUnitResponseType& svar,
                                        const domain::Dato& i_dag);

/// True when a SOAP fault from SF1530 is its answer for a number it does not know (CVR Online's
/// source system answers an unknown number with "Required property '/virksomhed/CVRNummer'
/// missing."), as opposed to a failure.
bool er_ukendt_virksomhed_fault(std::string_view fault_tekst, std::string_view fault_detalje);

}  // namespace kontaktdata::registry
