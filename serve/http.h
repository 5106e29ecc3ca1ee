/* http.h: jixiao-serve's HTTP side (http.c): the request handler given
 * to libmicrohttpd, and the token it asks for. */
#ifndef JX_SERVE_HTTP_H
#define JX_SERVE_HTTP_H

#include <microhttpd.h>

/* Sets the token every request must carry (NULL: none); kept, not
 * copied. */
void http_set_token(const char *token);

/* The MHD_AccessHandlerCallback of the server. */
enum MHD_Result http_handle(void *cls, struct MHD_Connection *c,
                            const char *url, const char *method,
                            const char *version, const char *upload_data,
                            size_t *upload_data_size, void **con_cls);

#endif
