#ifndef CCURL_H
#define CCURL_H

// libcurl for Swift: Swift cannot call C variadic functions, so `curl_easy_setopt` and
// `curl_easy_getinfo` are wrapped here as one small non-variadic function per argument type.
#include <curl/curl.h>
#include <sys/socket.h>

typedef size_t (*ccurl_data_callback)(char *data, size_t size, size_t count, void *userdata);
typedef int (*ccurl_progress_callback)(void *userdata, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow);

/// Calls curl_global_init(CURL_GLOBAL_ALL) exactly once per process (thread-safe); returns its result.
CURLcode ccurl_global_init_once(void);

CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode ccurl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode ccurl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode ccurl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
CURLcode ccurl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode ccurl_setopt_write_callback(CURL *handle, ccurl_data_callback callback, void *userdata);
CURLcode ccurl_setopt_header_callback(CURL *handle, ccurl_data_callback callback, void *userdata);

/// Sets CURLOPT_XFERINFOFUNCTION/DATA and turns progress reporting on (CURLOPT_NOPROGRESS 0).
CURLcode ccurl_setopt_progress_callback(CURL *handle, ccurl_progress_callback callback, void *userdata);

CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode ccurl_getinfo_string(CURL *handle, CURLINFO info, const char **value);
CURLcode ccurl_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value);
CURLcode ccurl_getinfo_double(CURL *handle, CURLINFO info, double *value);

/// Refusal of internal addresses, checked on the address libcurl is about to connect to (after DNS, so a
/// public name that resolves to 127.0.0.1 is caught too, and so is every address of a multi-address host).
typedef struct {
    /// 1: connect to any address (an administrator allowed this host); 0: refuse the classes below.
    int allow_internal;
    /// Set to 1 when a connection was refused; `refused_address` holds the address as text.
    int refused;
    char refused_address[64];
} ccurl_address_guard;

/// 1 for loopback, unspecified, link-local, private (RFC 1918, fc00::/7), shared (100.64/10), multicast,
/// broadcast and reserved addresses, for IPv4, IPv6 and IPv4-mapped IPv6.
int ccurl_is_internal_address(const struct sockaddr *address);

/// Sets CURLOPT_OPENSOCKETFUNCTION/DATA so that every socket libcurl opens passes `guard` first.
CURLcode ccurl_setopt_address_guard(CURL *handle, ccurl_address_guard *guard);

/// CURL_ERROR_SIZE, for the buffer given to CURLOPT_ERRORBUFFER.
static const int ccurl_error_size = CURL_ERROR_SIZE;

#endif
