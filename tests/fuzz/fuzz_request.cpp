// libFuzzer target: the whole request path from bytes on a connection to the domain's checks.
// The input is a request body; the harness sends it as an HTTP POST with its Content-Length on a
// socket pair to a worker of the real engine (gSOAP parse with its limits, the DOCTYPE pre-scan,
// Xerces-C validation against xsd/, mapping to the domain, the domain's value rules and use
// cases), with the store replaced by the unit tier's in-memory fake and no registers. What it
// looks for: any crash, leak, or undefined behaviour (ASan, UBSan), and an answer that is not an
// HTTP response.
#include <sys/socket.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>

#include "domain/kontaktdata_service.hpp"
#include "domain/validation.hpp"
#include "domain_fake_store.hpp"
#include "soap/soap_server.hpp"

namespace {

using namespace kontaktdata;

struct Harness {
  domain::test::FakeStore store;
  std::unique_ptr<domain::KontaktdataService> service;
  std::unique_ptr<soap::SoapServer> engine;
  std::unique_ptr<soap::SoapWorker> worker;

  Harness() {
    domain::indlaes_kodelister();
    service = std::make_unique<domain::KontaktdataService>(
        store, [] { return domain::test::kNow; }, domain::Indstillinger{}, nullptr);
    soap::SoapSettings s;
    s.contract_dir = KONTAKTDATA_SOURCE_DIR;
    s.public_url = "http://127.0.0.1:8080/kontaktdata";
    s.recv_timeout_s = 2;
    s.send_timeout_s = 2;
    s.transfer_timeout_s = 5;
    s.max_request_bytes = 1024 * 1024;
    engine = std::make_unique<soap::SoapServer>(s, *service, nullptr);
    worker = engine->make_worker();
  }
};

Harness& harness() {
  static Harness h;
  return h;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  harness();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Harness& h = harness();
  h.store.data.state = {};  // every input starts from an empty store
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) std::abort();
  const std::string head =
      "POST /kontaktdata HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml; charset=utf-8\r\n"
      "Connection: close\r\nContent-Length: " +
      std::to_string(size) + "\r\n\r\n";
  // The client: sends the request and reads the whole answer, until the server closes. (It does
  // not half-close: gSOAP takes a peer that did for gone and sends it no fault.)
  std::string answer;
  std::thread client([&] {
    std::string request = head;
    request.append(reinterpret_cast<const char*>(data), size);
    for (std::size_t sent = 0; sent < request.size();) {
      const ssize_t n = ::send(fds[0], request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) break;
      sent += static_cast<std::size_t>(n);
    }
    char buf[65536];
    for (;;) {
      const ssize_t n = ::read(fds[0], buf, sizeof buf);
      if (n <= 0) break;
      answer.append(buf, static_cast<std::size_t>(n));
    }
  });
  {
    soap::Connection connection(fds[1], "fuzz");
    while (h.worker->serve(connection)) {
    }
  }  // closes the server's end: the client reads EOF
  client.join();
  ::close(fds[0]);
  // Every request is answered, and as HTTP (a fault or a response), never with nothing.
  if (answer.rfind("HTTP/1.1 ", 0) != 0) std::abort();
  return 0;
}
