#pragma once

// The two registers as gSOAP service objects on one shared context (a worker's): SF1520
// PersonLookup (cprsoap) and SF1530 getLegalUnit (cvrsoap), answering from the fixture, and the
// per-request state that the HTTP loop (main.cpp) and the control modes share.

#include <string>

#include "cprsoapPersonBaseDataExtendedBindingService.h"
#include "cvrsoapCvrBindingService.h"
#include "simulator/control.hpp"
#include "simulator/fixture.hpp"

namespace kontaktdata::simulator {

/// What happened to the current request outside gSOAP's own answer.
struct RequestFlags {
  bool answered = false;  ///< a raw HTTP answer (control GET, 503) was written: close
  bool drop = false;      ///< close without answering
  std::string summary;    ///< for the log line
};

/// Writes a complete HTTP/1.1 answer with `Connection: close` on the context's socket.
void send_raw_http(struct soap* ctx, int status, const char* reason, const char* content_type,
                   const std::string& body);

struct Shared {
  const Fixture& fixture;
  Control& control;
  /// `--synthetic`: a valid number the fixture does not hold gets a generated entry
  /// (synthetic.hpp) instead of the register's "unknown" fault.
  bool synthetic = false;
};

class CprService final : public cprsoap::PersonBaseDataExtendedBindingService {
 public:
  CprService(struct soap* ctx, Shared shared, RequestFlags& flags);
  PersonBaseDataExtendedBindingService* copy() override;
  int PersonLookup(cprsoap::pbde__PersonLookupRequestType* request,
                   cprsoap::pbde__PersonLookupResponseType& response) override;

 private:
  Shared shared_;
  RequestFlags& flags_;
};

class CvrService final : public cvrsoap::CvrBindingService {
 public:
  CvrService(struct soap* ctx, Shared shared, RequestFlags& flags);
  CvrBindingService* copy() override;
  int getLegalUnit(cvrsoap::cvronl__GetLegalUnitRequestType* request,
                   cvrsoap::cvronl__GetLegalUnitResponseType& response) override;

 private:
  Shared shared_;
  RequestFlags& flags_;
};

}  // namespace kontaktdata::simulator
