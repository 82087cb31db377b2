/**
 * One HTTP request with the answer kept as text, for tests that look at raw responses (status and body).
 */
export interface RawAnswer {
	status: number;
	text: string;
}

export async function send(
	url: string,
	method: string,
	headers: Record< string, string > = {},
	body?: string
): Promise< RawAnswer > {
	const response = await fetch( url, {
		method,
		headers,
		body: method === 'GET' || method === 'HEAD' ? undefined : body,
		redirect: 'manual',
	} );
	return { status: response.status, text: await response.text() };
}
