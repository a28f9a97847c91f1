#include <curl/curl.h>

/* curl_easy_setopt and curl_easy_getinfo are variadic: one typed front per argument kind. */
static inline CURLcode ccurl_set_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_set_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_set_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_set_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_set_offset(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
typedef size_t (*ccurl_callback)(char *, size_t, size_t, void *);
static inline CURLcode ccurl_set_callback(CURL *h, CURLoption o, ccurl_callback v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_get_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
typedef curl_socket_t (*ccurl_opensocket_callback)(void *, curlsocktype, struct curl_sockaddr *);
static inline CURLcode ccurl_set_opensocket(CURL *h, ccurl_opensocket_callback v) { return curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, v); }
/* The address curl is about to connect to (struct curl_sockaddr's `addr` is as long as `addrlen`, not sockaddr). */
static inline const struct sockaddr *ccurl_sockaddr_address(const struct curl_sockaddr *a) { return &a->addr; }
