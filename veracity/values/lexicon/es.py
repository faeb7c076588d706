"""Spanish words (folded to lower case; accents kept, with their unaccented spellings where
writers drop them).

>>> "no disponible" in LEXICON.missing, LEXICON.ones["veintitrés"], LEXICON.months["marzo"]
(True, 23, 3)
"""

from __future__ import annotations

from .base import Lexicon

# fmt: off
LEXICON = Lexicon(
    code="es",
    articles=frozenset({"el", "la", "las", "los", "un", "una"}),
    missing=frozenset(
        {
            "desconocido", "desconocida", "no disponible", "no consta", "no informado", "no informada",
            "no especificado", "no especificada", "no divulgado", "no divulgada", "no publicado",
            "no aplica", "no procede", "sin datos", "sin información", "sin informacion", "sin dato",
            "confidencial", "vacío", "vacio", "s/d", "s.d.", "nd", "n/d", "ninguno", "ninguna",
        }
    ),
    missing_phrases=(
        r"desconocid[oa]|no (?:disponible|consta|informad[oa]|especificad[oa]|divulgad[oa]|publicad[oa]|aplica)"
        r"|sin (?:datos?|informaci[óo]n)",
    ),
    missing_filler=frozenset(
        {
            "ingresos", "facturación", "empleados", "plantilla", "número", "cifra", "datos", "dato",
            "información", "valor", "importe", "actualmente", "públicamente", "aún", "todavía", "es", "son",
            "era", "está", "empresa", "compañía", "privada", "privado", "el", "la", "los", "las", "un", "una",
            "de", "del", "para", "en", "este", "momento", "campo", "año", "fecha", "teléfono", "dirección",
            "sitio", "web", "dominio", "fundador", "nombre", "financiación", "valoración",
        }
    ),
    private=frozenset({"privado", "privada", "empresa privada", "confidencial"}),
    rate_limit=(
        "demasiadas solicitudes", "demasiadas peticiones", "límite de solicitudes", "limite de solicitudes",
        "límite de peticiones", "cuota excedida", "límite alcanzado",
    ),
    function_words=frozenset(
        {
            "y", "o", "el", "la", "los", "las", "un", "una", "unos", "unas", "de", "del", "al", "en", "con",
            "por", "para", "sin", "que", "quien", "es", "son", "fue", "era", "está", "este", "esta", "estos",
            "su", "sus", "se", "lo", "como", "más", "pero", "no", "a",
        }
    ),
    stop_words=frozenset(
        {"y", "o", "el", "la", "los", "las", "un", "una", "de", "del", "en", "con", "por", "para", "es", "fue"}
    ),
    # Words of job titles (see Lexicon.job_words).
    job_words=frozenset(
        {
            "analista", "comercial", "compras", "consultor", "consultora", "desarrollador", "desarrolladora",
            "director", "directora", "gerente", "ingeniera", "ingeniero", "jefa", "jefe", "responsable",
            "ventas",
        }
    ),
    money_words=frozenset(
        {
            "beneficio", "beneficios", "capital", "coste", "costo", "facturación", "financiación",
            "financiamiento", "ingresos", "inversión", "precio", "presupuesto", "pérdida", "pérdidas",
            "salario", "valoración", "ventas",
        }
    ),
    yes_words=frozenset({"si", "sí", "verdadero"}),
    no_words=frozenset({"falso", "no"}),
    org_words=frozenset(
        {
            "agencia", "asociación", "banco", "compañía", "consejo", "empresa", "escuela", "federación",
            "fundación", "grupo", "hospital", "industrias", "instituto", "ministerio", "seguros",
            "servicios", "sindicato", "sistemas", "sociedad", "tecnologías", "universidad",
        }
    ),
    titles=frozenset({"señor", "señora", "señorita", "sra", "srta"}),
    postal_abbreviations={
        "avda": "avenida", "pza": "plaza", "ctra": "carretera", "pso": "paseo",
    },
    approx_words=frozenset(
        {
            "alrededor de", "aprox.", "aproximadamente", "casi", "cerca de", "estimado en", "hasta",
            "menos de", "más de", "unas", "unos",
        }
    ),
    lower_bound_words=frozenset({"más de"}),
    upper_bound_words=frozenset({"hasta", "menos de"}),
    magnitudes={
        "millones": 1000000.0, "millón": 1000000.0, "millon": 1000000.0,
    },
    decimal_comma_magnitudes=frozenset({"millon", "millones", "millón"}),
    ones={
        "cero": 0, "uno": 1, "una": 1, "un": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6,
        "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14,
        "quince": 15, "dieciséis": 16, "dieciseis": 16, "diecisiete": 17, "dieciocho": 18, "diecinueve": 19,
        "veintiuno": 21, "veintiún": 21, "veintidós": 22, "veintidos": 22, "veintitrés": 23, "veintitres": 23,
        "veinticuatro": 24, "veinticinco": 25, "veintiséis": 26, "veintiseis": 26, "veintisiete": 27,
        "veintiocho": 28, "veintinueve": 29,
    },
    tens={
        "veinte": 20, "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70,
        "ochenta": 80, "noventa": 90,
    },
    scales={
        "cien": 100, "ciento": 100, "doscientos": 200, "doscientas": 200, "trescientos": 300, "trescientas": 300,
        "cuatrocientos": 400, "cuatrocientas": 400, "quinientos": 500, "quinientas": 500, "seiscientos": 600,
        "seiscientas": 600, "setecientos": 700, "setecientas": 700, "ochocientos": 800, "ochocientas": 800,
        "novecientos": 900, "novecientas": 900, "mil": 1000, "millón": 10**6, "millon": 10**6,
        "millones": 10**6,
    },
    counted_nouns={"docena": 12, "par": 2},
    number_joiners=("y",),
    ambiguous_numbers=frozenset({"un", "una", "uno", "once", "par", "mil", "dos", "tres", "seis"}),
    status_phrases={
        "rate_limit": r"demasiadas (?:solicitudes|peticiones)|límite de (?:solicitudes|peticiones|velocidad) (?:excedido|alcanzado|superado)"
        r"|(?:has|ha|han) (?:superado|excedido|alcanzado) (?:el|tu|su) (?:límite|cupo|número máximo) de (?:solicitudes|peticiones|consultas)"
        r"|cuota (?:excedida|agotada)|(?:inténtelo|vuelva a intentarlo) (?:de nuevo )?en \d+ ?(?:s|seg|segundos|minutos)",
        "captcha": r"verifica que eres (?:un )?humano|¿?eres un robot\?|no soy un robot|tráfico inusual",
        "login_wall": r"inicia sesión para (?:continuar|acceder|ver)|(?:es necesario|se requiere) iniciar sesión"
        r"|sesión (?:ha )?(?:caducado|expirado)|clave de api (?:no válida|inválida|requerida)",
        "paywall": r"suscríbete para (?:seguir leyendo|continuar)|(?:solo|exclusivo) para suscriptores",
        "error_page": r"error interno del servidor|servicio (?:temporalmente )?no disponible|página no encontrada"
        r"|(?:se ha producido|ha ocurrido) un error|algo salió mal|en mantenimiento|tiempo de espera agotado",
    },
    status_leads={
        "rate_limit": r"^(?:demasiadas solicitudes|límite de velocidad)\b",
        "login_wall": r"^(?:iniciar sesión|acceso denegado|no autorizado)\b",
        "error_page": r"^(?:error del servidor)(?:\s*\d{3}\b|\s*:|\s*$|\s*!)",
    },
    status_anchors={
        "rate_limit": ("solicitudes", "peticiones", "límite", "cuota", "inténtelo", "intentarlo"),
        "captcha": ("robot", "humano", "tráfico"),
        "login_wall": ("sesión", "clave de api", "acceso", "autorizado"),
        "paywall": ("suscri",),
        "error_page": ("error", "no disponible", "no encontrada", "salió mal", "mantenimiento", "tiempo de espera"),
    },
    refusals=(
        r"^\W{0,3}(?:lo siento|disculpa, (?:pero )?no\b|lamentablemente,? no puedo|como (?:una )?(?:ia|inteligencia artificial)\b"
        r"|no puedo (?:ayudar|proporcionar|responder|acceder|cumplir))|como modelo de lenguaje",
    ),
    timeout_words=("tiempo de espera",),
    weak_values=frozenset({"desconocido", "desconocida", "no disponible", "no consta", "sin datos", "confidencial", "privado"}),
    null_words=frozenset({"desconocido", "desconocida", "no disponible", "no consta", "sin datos"}),
    months={
        "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
        "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
        "ene": 1, "feb": 2, "mar": 3, "abr": 4, "may": 5, "jun": 6, "jul": 7, "ago": 8, "sep": 9, "sept": 9,
        "oct": 10, "nov": 11, "dic": 12,
    },
    weekdays=("lunes", "martes", "miércoles", "miercoles", "jueves", "viernes", "sábado", "sabado", "domingo"),
    # Sentence structure (see Lexicon): what ties a value in prose to the words that govern it.
    prepositions=frozenset({'a', 'al', 'bajo', 'como', 'con', 'contra', 'de', 'del', 'desde', 'durante', 'en', 'entre', 'hacia', 'hasta', 'para', 'por', 'según', 'sin', 'sobre', 'tras'}),
    genitives=frozenset({'de', 'del'}),
    copulas=frozenset({'era', 'eran', 'es', 'fue', 'fueron', 'resultó', 'ser', 'sido', 'son'}),
    determiners=frozenset({'aquel', 'aquella', 'después', 'el', 'esa', 'esas', 'ese', 'esos', 'esta', 'estas', 'este', 'estos', 'ha', 'había', 'habían', 'han', 'la', 'las', 'lo', 'los', 'luego', 'su', 'sus', 'también', 'un', 'una', 'unas', 'unos'}),
    clause_openers=frozenset({'aunque', 'cual', 'cuales', 'cuando', 'donde', 'mientras', 'pero', 'porque', 'que', 'quien', 'quienes'}),
    non_exhaustive=(r"incluyendo|incluidos|incluidas|entre ellos|entre ellas|entre otros|entre otras|por ejemplo|tales como|varios|varias|diversos|diversas|numerosos|numerosas|algunos|algunas",),
)
# fmt: on
