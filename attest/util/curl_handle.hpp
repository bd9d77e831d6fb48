// Owning handles for libcurl (easy handles, header lists) and its one-time
// global init: shared by every libcurl client (netbox/, redfish/). Users
// link CURL::libcurl themselves.
#pragma once

#include <curl/curl.h>

#include <memory>

namespace attest {

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using CurlPtr = std::unique_ptr<CURL, CurlDeleter>;
using CurlHeaders = std::unique_ptr<curl_slist, CurlDeleter>;

// curl_global_init once per process, before the first easy handle.
inline void init_curl_once() {
  static const CURLcode rc = curl_global_init(CURL_GLOBAL_DEFAULT);
  (void)rc;
}

}  // namespace attest
