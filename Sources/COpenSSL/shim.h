#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/crypto.h>
#include <openssl/sha.h>

/* EVP_CIPHER_CTX_ctrl constants are macros; give Swift plain values. */
static inline int copenssl_gcm_set_ivlen(void) { return EVP_CTRL_GCM_SET_IVLEN; }
static inline int copenssl_gcm_get_tag(void) { return EVP_CTRL_GCM_GET_TAG; }
static inline int copenssl_gcm_set_tag(void) { return EVP_CTRL_GCM_SET_TAG; }
