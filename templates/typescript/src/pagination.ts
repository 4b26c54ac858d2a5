// Cursor pages: `limit`/`after` in, `data`/`has_more`/`next_cursor` out.

/** The shape every paginated response has. */
export interface PageBody<Item> {
  data: Array<Item>;
  has_more: boolean;
  next_cursor?: string | null | undefined;
}

/** One page; iterating it with `for await` walks this page and every one after it. */
export class Page<Item, Body extends PageBody<Item> = PageBody<Item>> implements AsyncIterable<Item> {
  /** The parsed response of this page. */
  readonly body: Body;
  private readonly fetchPage: (cursor: string | undefined) => Promise<Body>;

  constructor(body: Body, fetchPage: (cursor: string | undefined) => Promise<Body>) {
    this.body = body;
    this.fetchPage = fetchPage;
  }

  get data(): Array<Item> {
    return this.body.data;
  }

  hasNextPage(): boolean {
    return this.body.has_more && typeof this.body.next_cursor === "string" && this.body.next_cursor !== "";
  }

  async getNextPage(): Promise<Page<Item, Body>> {
    const cursor = this.body.next_cursor;
    if (!this.hasNextPage() || typeof cursor !== "string") {
      throw new Error("no next page: check hasNextPage() first");
    }
    return new Page<Item, Body>(await this.fetchPage(cursor), this.fetchPage);
  }

  /** This page and the ones after it. */
  async *iterPages(): AsyncGenerator<Page<Item, Body>, void, undefined> {
    let page: Page<Item, Body> = this;
    yield page;
    while (page.hasNextPage()) {
      page = await page.getNextPage();
      yield page;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Item, void, undefined> {
    for await (const page of this.iterPages()) {
      for (const item of page.data) yield item;
    }
  }
}

/** What a list method returns: `await` it for the first page, `for await` it for every item. */
export class PagePromise<Item, Body extends PageBody<Item> = PageBody<Item>>
  implements PromiseLike<Page<Item, Body>>, AsyncIterable<Item>
{
  private readonly fetchPage: (cursor: string | undefined) => Promise<Body>;
  private loaded: Promise<Page<Item, Body>> | undefined;

  constructor(fetchPage: (cursor: string | undefined) => Promise<Body>) {
    this.fetchPage = fetchPage;
  }

  /** The first page, requested once, when first awaited or iterated. */
  private get first(): Promise<Page<Item, Body>> {
    this.loaded ??= this.fetchPage(undefined).then((body) => new Page<Item, Body>(body, this.fetchPage));
    return this.loaded;
  }

  then<R1 = Page<Item, Body>, R2 = never>(
    onfulfilled?: ((value: Page<Item, Body>) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.first.then(onfulfilled, onrejected);
  }

  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<Page<Item, Body> | R> {
    return this.first.catch(onrejected);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Item, void, undefined> {
    const page = await this.first;
    for await (const item of page) yield item;
  }
}
