#include "ccurl.h"
#include <pthread.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <unistd.h>

static pthread_once_t ccurl_once = PTHREAD_ONCE_INIT;
static CURLcode ccurl_init_result = CURLE_OK;

static void ccurl_do_init(void) { ccurl_init_result = curl_global_init(CURL_GLOBAL_ALL); }

CURLcode ccurl_global_init_once(void) {
    pthread_once(&ccurl_once, ccurl_do_init);
    return ccurl_init_result;
}

CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value) { return curl_easy_setopt(handle, option, value); }
CURLcode ccurl_setopt_string(CURL *handle, CURLoption option, const char *value) { return curl_easy_setopt(handle, option, value); }
CURLcode ccurl_setopt_pointer(CURL *handle, CURLoption option, void *value) { return curl_easy_setopt(handle, option, value); }
CURLcode ccurl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) { return curl_easy_setopt(handle, option, value); }
CURLcode ccurl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) { return curl_easy_setopt(handle, option, value); }

CURLcode ccurl_setopt_write_callback(CURL *handle, ccurl_data_callback callback, void *userdata) {
    CURLcode code = curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
    if (code != CURLE_OK) return code;
    return curl_easy_setopt(handle, CURLOPT_WRITEDATA, userdata);
}

CURLcode ccurl_setopt_header_callback(CURL *handle, ccurl_data_callback callback, void *userdata) {
    CURLcode code = curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, callback);
    if (code != CURLE_OK) return code;
    return curl_easy_setopt(handle, CURLOPT_HEADERDATA, userdata);
}

CURLcode ccurl_setopt_progress_callback(CURL *handle, ccurl_progress_callback callback, void *userdata) {
    CURLcode code = curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback);
    if (code != CURLE_OK) return code;
    code = curl_easy_setopt(handle, CURLOPT_XFERINFODATA, userdata);
    if (code != CURLE_OK) return code;
    return curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
}

CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *value) { return curl_easy_getinfo(handle, info, value); }
CURLcode ccurl_getinfo_string(CURL *handle, CURLINFO info, const char **value) { return curl_easy_getinfo(handle, info, value); }
CURLcode ccurl_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) { return curl_easy_getinfo(handle, info, value); }
CURLcode ccurl_getinfo_double(CURL *handle, CURLINFO info, double *value) { return curl_easy_getinfo(handle, info, value); }

static int ccurl_internal_v4(uint32_t a) { /* host byte order */
    uint8_t b0 = a >> 24, b1 = (a >> 16) & 0xFF;
    if (b0 == 0 || b0 == 10 || b0 == 127) return 1;               /* this network, private, loopback */
    if (b0 == 100 && (b1 & 0xC0) == 64) return 1;                  /* 100.64.0.0/10 shared */
    if (b0 == 169 && b1 == 254) return 1;                          /* link-local */
    if (b0 == 172 && (b1 & 0xF0) == 16) return 1;                  /* 172.16.0.0/12 */
    if (b0 == 192 && b1 == 168) return 1;                          /* 192.168.0.0/16 */
    if (b0 == 192 && b1 == 0 && ((a >> 8) & 0xFF) == 0) return 1;  /* 192.0.0.0/24 protocol assignments */
    if (b0 == 198 && (b1 & 0xFE) == 18) return 1;                  /* 198.18.0.0/15 benchmarking */
    if (b0 >= 224) return 1;                                       /* multicast, reserved, broadcast */
    return 0;
}

int ccurl_is_internal_address(const struct sockaddr *address) {
    if (address == NULL) return 1;
    if (address->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)address;
        return ccurl_internal_v4(ntohl(in->sin_addr.s_addr));
    }
    if (address->sa_family == AF_INET6) {
        const uint8_t *b = ((const struct sockaddr_in6 *)address)->sin6_addr.s6_addr;
        static const uint8_t zero[16] = {0};
        if (memcmp(b, zero, 15) == 0 && (b[15] == 0 || b[15] == 1)) return 1;        /* :: and ::1 */
        if (memcmp(b, zero, 10) == 0 && b[10] == 0xFF && b[11] == 0xFF) {           /* ::ffff:a.b.c.d */
            uint32_t a = ((uint32_t)b[12] << 24) | ((uint32_t)b[13] << 16) | ((uint32_t)b[14] << 8) | b[15];
            return ccurl_internal_v4(a);
        }
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B) {         /* 64:ff9b::/96 NAT64 */
            uint32_t a = ((uint32_t)b[12] << 24) | ((uint32_t)b[13] << 16) | ((uint32_t)b[14] << 8) | b[15];
            return ccurl_internal_v4(a);
        }
        if ((b[0] & 0xFE) == 0xFC) return 1;                                        /* fc00::/7 unique local */
        if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) return 1;                        /* fe80::/10 link-local */
        if (b[0] == 0xFE && (b[1] & 0xC0) == 0xC0) return 1;                        /* fec0::/10 site-local */
        if (b[0] == 0xFF) return 1;                                                 /* multicast */
        return 0;
    }
    return 1; /* anything else (unix sockets …) is not a feed server */
}

static curl_socket_t ccurl_open_guarded(void *clientp, curlsocktype purpose, struct curl_sockaddr *address) {
    ccurl_address_guard *guard = (ccurl_address_guard *)clientp;
    (void)purpose;
    if (!guard->allow_internal && ccurl_is_internal_address(&address->addr)) {
        guard->refused = 1;
        const void *raw = address->family == AF_INET6
            ? (const void *)&((const struct sockaddr_in6 *)&address->addr)->sin6_addr
            : (const void *)&((const struct sockaddr_in *)&address->addr)->sin_addr;
        if (inet_ntop(address->family, raw, guard->refused_address, sizeof guard->refused_address) == NULL) {
            strcpy(guard->refused_address, "?");
        }
        return CURL_SOCKET_BAD;
    }
    return socket(address->family, address->socktype, address->protocol);
}

CURLcode ccurl_setopt_address_guard(CURL *handle, ccurl_address_guard *guard) {
    CURLcode code = curl_easy_setopt(handle, CURLOPT_OPENSOCKETFUNCTION, ccurl_open_guarded);
    if (code != CURLE_OK) return code;
    return curl_easy_setopt(handle, CURLOPT_OPENSOCKETDATA, guard);
}
