"""Portuguese words, European and Brazilian spellings (folded to lower case; accents kept, with
their unaccented spellings where writers drop them).

>>> "não disponível" in LEXICON.missing, LEXICON.ones["dezasseis"], LEXICON.months["março"], LEXICON.magnitudes["milhões"]
(True, 16, 3, 1000000.0)
"""

from __future__ import annotations

from .base import Lexicon

# fmt: off
LEXICON = Lexicon(
    code="pt",
    articles=frozenset({"a", "as", "o", "os", "um", "uma"}),
    missing=frozenset(
        {
            "desconhecido", "desconhecida", "não disponível", "nao disponivel", "indisponível", "indisponivel",
            "não informado", "não informada", "nao informado", "não divulgado", "não divulgada", "não consta",
            "não especificado", "não especificada", "não publicado", "não se aplica", "sem dados",
            "sem informação", "sem informacao", "confidencial", "n/d", "n.d.", "nd", "nenhum", "nenhuma",
        }
    ),
    missing_phrases=(
        r"desconhecid[oa]|indispon[íi]vel|n[ãa]o (?:dispon[íi]vel|informad[oa]|divulgad[oa]|consta|especificad[oa]"
        r"|publicad[oa]|se aplica)|sem (?:dados|informa[çc][ãa]o)",
    ),
    missing_filler=frozenset(
        {
            "receita", "faturamento", "facturação", "funcionários", "colaboradores", "empregados", "número",
            "cifra", "dados", "dado", "informação", "valor", "montante", "atualmente", "publicamente", "ainda",
            "é", "são", "era", "está", "empresa", "companhia", "privada", "privado", "o", "a", "os", "as", "um",
            "uma", "de", "do", "da", "para", "em", "neste", "momento", "campo", "ano", "data", "telefone",
            "endereço", "morada", "site", "sítio", "domínio", "fundador", "nome", "financiamento", "avaliação",
        }
    ),
    private=frozenset({"privado", "privada", "empresa privada", "capital fechado", "confidencial"}),
    rate_limit=(
        "demasiados pedidos", "muitas solicitações", "muitas requisições", "limite de pedidos",
        "limite de solicitações", "limite de requisições", "cota excedida", "quota excedida", "limite atingido",
    ),
    function_words=frozenset(
        {
            "e", "ou", "o", "os", "as", "um", "uma", "de", "do", "da", "dos", "das", "no", "na", "nos", "nas",
            "em", "com", "por", "pelo", "pela", "para", "que", "quem", "é", "são", "foi", "era", "está", "este",
            "esta", "seu", "sua", "se", "como", "mais", "mas", "não", "também", "ao", "à",
        }
    ),
    stop_words=frozenset(
        {"e", "ou", "o", "os", "as", "um", "uma", "de", "do", "da", "em", "com", "por", "para", "é", "foi"}
    ),
    # Words of job titles (see Lexicon.job_words).
    job_words=frozenset(
        {
            "analista", "comercial", "compras", "consultor", "consultora", "desenvolvedor", "desenvolvedora",
            "diretor", "diretora", "engenheira", "engenheiro", "gerente", "responsável", "vendas",
        }
    ),
    money_words=frozenset(
        {
            "lucro", "lucros", "capital", "custo", "custos", "faturamento", "facturação", "financiamento",
            "receita", "receitas", "investimento", "preço", "orçamento", "prejuízo", "perdas", "salário",
            "avaliação", "vendas",
        }
    ),
    yes_words=frozenset({"sim", "verdadeiro"}),
    no_words=frozenset({"não", "nao", "falso"}),
    org_words=frozenset(
        {
            "agência", "associação", "banco", "companhia", "conselho", "empresa", "escola", "federação",
            "fundação", "grupo", "hospital", "indústrias", "instituto", "ministério", "seguros", "serviços",
            "sindicato", "sistemas", "sociedade", "tecnologias", "universidade",
        }
    ),
    titles=frozenset({"sr", "sra", "srta", "dr", "dra", "eng"}),
    postal_abbreviations={"pça": "praça", "pca": "praça", "trav": "travessa", "estr": "estrada"},
    approx_words=frozenset(
        {
            "cerca de", "aproximadamente", "aprox.", "quase", "perto de", "por volta de", "estimado em", "até",
            "menos de", "mais de", "uns", "umas",
        }
    ),
    lower_bound_words=frozenset({"mais de"}),
    upper_bound_words=frozenset({"até", "menos de"}),
    magnitudes={
        "milhão": 1000000.0, "milhao": 1000000.0, "milhões": 1000000.0, "milhoes": 1000000.0,
        "bilhão": 1000000000.0, "bilhões": 1000000000.0, "bilhao": 1000000000.0,
        "bilhoes": 1000000000.0,
    },
    decimal_comma_magnitudes=frozenset({"milhão", "milhao", "milhões", "milhoes", "bilhão", "bilhões"}),
    ones={
        "zero": 0, "um": 1, "uma": 1, "dois": 2, "duas": 2, "três": 3, "tres": 3, "quatro": 4, "cinco": 5,
        "seis": 6, "sete": 7, "oito": 8, "nove": 9, "dez": 10, "onze": 11, "doze": 12, "treze": 13,
        "catorze": 14, "quatorze": 14, "quinze": 15, "dezasseis": 16, "dezesseis": 16, "dezassete": 17,
        "dezessete": 17, "dezoito": 18, "dezanove": 19, "dezenove": 19,
    },
    tens={
        "vinte": 20, "trinta": 30, "quarenta": 40, "cinquenta": 50, "sessenta": 60, "setenta": 70,
        "oitenta": 80, "noventa": 90,
    },
    scales={
        "cem": 100, "cento": 100, "duzentos": 200, "duzentas": 200, "trezentos": 300, "trezentas": 300,
        "quatrocentos": 400, "quinhentos": 500, "seiscentos": 600, "setecentos": 700, "oitocentos": 800,
        "novecentos": 900, "mil": 1000, "milhão": 10**6, "milhao": 10**6, "milhões": 10**6, "milhoes": 10**6,
    },
    counted_nouns={"dúzia": 12, "duzia": 12, "par": 2},
    number_joiners=("e",),
    ambiguous_numbers=frozenset({"um", "uma", "dois", "seis", "sete", "nove", "dez", "onze", "cem", "mil", "par", "tres"}),
    status_phrases={
        "rate_limit": r"(?:demasiados|muitos) pedidos|muitas (?:solicitações|requisições)"
        r"|limite de (?:pedidos|solicitações|requisições) (?:excedido|atingido)"
        r"|(?:excedeu|ultrapassou|atingiu) o (?:limite|número máximo) de (?:pedidos|solicitações|requisições)|[cq]uota (?:excedida|esgotada)"
        r"|tente (?:novamente )?(?:em|daqui a) \d+ ?(?:s|seg|segundos|minutos)",
        "captcha": r"confirme que (?:é|você é) (?:um )?humano|não sou um robô|tráfego (?:incomum|invulgar)",
        "login_wall": r"(?:inicie sessão|faça login|entre) para (?:continuar|aceder|acessar|ver)"
        r"|sessão expirada|chave de api (?:inválida|em falta|obrigatória)",
        "paywall": r"assine para continuar a ler|(?:exclusivo|apenas) para assinantes",
        "error_page": r"erro interno do servidor|serviço (?:temporariamente )?indisponível|página não encontrada"
        r"|ocorreu um erro|algo correu mal|algo deu errado|em manutenção|tempo (?:limite )?(?:de espera )?esgotado",
    },
    status_leads={
        "rate_limit": r"^(?:demasiados pedidos|muitas solicitações|muitas requisições)\b",
        "login_wall": r"^(?:iniciar sessão|acesso negado|não autorizado)\b",
        "error_page": r"^(?:erro do servidor)(?:\s*\d{3}\b|\s*:|\s*$|\s*!)",
    },
    status_anchors={
        "rate_limit": ("pedidos", "solicitações", "requisições", "limite", "quota", "cota", "tente"),
        "captcha": ("robô", "humano", "tráfego"),
        "login_wall": ("sessão", "login", "chave de api", "acesso", "autorizado"),
        "paywall": ("assin",),
        "error_page": ("erro", "indisponível", "não encontrada", "correu mal", "deu errado", "manutenção", "esgotado"),
    },
    refusals=(
        r"^\W{0,3}(?:desculpe|lamento|infelizmente,? não posso|como (?:uma )?(?:ia|inteligência artificial)\b"
        r"|não (?:posso|consigo) (?:ajudar|fornecer|responder|aceder|acessar))|como modelo de linguagem",
    ),
    timeout_words=("tempo esgotado", "tempo limite"),
    weak_values=frozenset({"desconhecido", "desconhecida", "não disponível", "indisponível", "sem dados", "confidencial"}),
    null_words=frozenset({"desconhecido", "desconhecida", "não disponível", "indisponível", "sem dados"}),
    months={
        "janeiro": 1, "fevereiro": 2, "março": 3, "marco": 3, "abril": 4, "maio": 5, "junho": 6, "julho": 7,
        "agosto": 8, "setembro": 9, "outubro": 10, "novembro": 11, "dezembro": 12,
        "jan": 1, "fev": 2, "mar": 3, "abr": 4, "mai": 5, "jun": 6, "jul": 7, "ago": 8, "set": 9, "out": 10,
        "nov": 11, "dez": 12,
    },
    weekdays=("segunda-feira", "terça-feira", "terca-feira", "quarta-feira", "quinta-feira", "sexta-feira",
              "sábado", "sabado", "domingo"),
    # Sentence structure (see Lexicon): what ties a value in prose to the words that govern it.
    prepositions=frozenset({'a', 'ao', 'aos', 'até', 'com', 'como', 'contra', 'da', 'das', 'de', 'desde', 'do', 'dos', 'durante', 'em', 'entre', 'na', 'nas', 'no', 'nos', 'para', 'pela', 'pelas', 'pelo', 'pelos', 'por', 'sem', 'sob', 'sobre', 'à', 'às'}),
    genitives=frozenset({'da', 'das', 'de', 'do', 'dos'}),
    copulas=frozenset({'era', 'eram', 'foi', 'foram', 'ser', 'sido', 'são', 'tornou', 'é'}),
    determiners=frozenset({'a', 'aquela', 'aquele', 'as', 'depois', 'essa', 'esse', 'esta', 'estas', 'este', 'estes', 'o', 'os', 'seu', 'seus', 'sua', 'suas', 'também', 'tem', 'tinha', 'têm', 'um', 'uma', 'umas', 'uns'}),
    clause_openers=frozenset({'embora', 'enquanto', 'mas', 'onde', 'porque', 'quais', 'qual', 'quando', 'que', 'quem'}),
    non_exhaustive=(r"incluindo|entre eles|entre elas|entre outros|entre outras|por exemplo|tais como|vários|várias|diversos|diversas|numerosos|numerosas|alguns|algumas",),
)
# fmt: on
